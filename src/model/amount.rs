//! Figures as documents print them: exact amounts in 万元 with their unit and source line,
//! percentages, counts and text.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a figure or a piece of text was read: file name (as it sits in `content/budgets/`) and the
/// 1-based line number in that file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

impl Source {
    pub fn new(file: impl Into<String>, line: u32) -> Self {
        Source {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// The unit a table or sentence states its amounts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元
    TenThousandYuan,
    /// 千元
    ThousandYuan,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::TenThousandYuan => "万元",
            Unit::ThousandYuan => "千元",
        }
    }

    /// The label in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::TenThousandYuan => "10k yuan",
            Unit::ThousandYuan => "1k yuan",
        }
    }

    /// How many places the decimal point moves to give 万元.
    fn places(self) -> u32 {
        match self {
            Unit::Yuan => 4,
            Unit::ThousandYuan => 1,
            Unit::TenThousandYuan => 0,
        }
    }
}

/// An exact amount of money in 万元. The decimal keeps the scale it was printed with (converted
/// from 元 by shifting the scale by four), so `half_unit` tells how far rounding may have moved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Amount(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount: {0:?}")]
pub struct AmountError(pub String);

impl Amount {
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// An amount already in 万元.
    pub fn from_wan(value: Decimal) -> Self {
        Amount(value)
    }

    /// An amount given in `unit`, converted exactly to 万元.
    pub fn from_unit(value: Decimal, unit: Unit) -> Self {
        let places = unit.places();
        if places == 0 {
            return Amount(value);
        }
        // Dividing by 10,000 (or 10) is a shift of the decimal point: exact, and the printed
        // precision moves with it.
        let mut v = value;
        let scale = v.scale() + places;
        if scale <= 28 {
            v.set_scale(scale).expect("scale checked above");
            Amount(v)
        } else {
            Amount(value / Decimal::from(10u64.pow(places)))
        }
    }

    /// Parses a printed amount: strips thousands separators (`,` `，`) and every kind of space, reads
    /// full-width digits, and accepts a leading minus. `-`, `—` and empty text are not amounts.
    pub fn parse(text: &str, unit: Unit) -> Result<Self, AmountError> {
        parse_decimal(text)
            .map(|d| Amount::from_unit(d, unit))
            .ok_or_else(|| AmountError(text.to_string()))
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Half a unit of the last printed digit, in 万元: the most that rounding can have moved it.
    pub fn half_unit(self) -> Decimal {
        // `parse_decimal` bounds the scale of what a document prints; the `min` keeps an amount
        // built any other way from asking for more places than a decimal has.
        Decimal::new(5, (self.0.scale() + 1).min(28))
    }

    /// Rounded for display the Chinese way (四舍五入) to `dp` places.
    pub fn rounded(self, dp: u32) -> Decimal {
        self.0
            .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    pub fn abs(self) -> Amount {
        Amount(self.0.abs())
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}

impl std::ops::Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Amount {
    type Err = AmountError;
    /// Parses an amount in 万元 (the model's unit).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Amount::parse(s, Unit::TenThousandYuan)
    }
}

/// The most digits before the point a printed number may have (10^18 元 is ten thousand times any
/// state's budget).
pub const MAX_INTEGER_DIGITS: usize = 18;
/// The most digits after the point a printed number may have.
pub const MAX_DECIMALS: usize = 10;

/// Reads a printed decimal number, tolerating separators and full-width forms. `None` when the text
/// is not a plain number, or is one beyond range ([`MAX_INTEGER_DIGITS`], [`MAX_DECIMALS`]; see
/// [`beyond_range`]).
///
/// The bound is what keeps every computation on figures in range: a sum of up to 10^10 figures
/// below 10^18, times 10^4 or 100, stays far below `Decimal::MAX` (7.9 × 10^28), and half a unit
/// of the last digit needs at most 10 + 4 + 1 places of the 28 a decimal has. So the arithmetic
/// on amounts cannot overflow, whatever a document prints.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned = number_text(text)?;
    if out_of_range(&cleaned) {
        return None;
    }
    Decimal::from_str_exact(&cleaned).ok()
}

/// Whether `text` is written like a number but is beyond the range [`parse_decimal`] reads (more
/// than [`MAX_INTEGER_DIGITS`] digits before the point or [`MAX_DECIMALS`] after it): such a
/// figure is reported, not read.
pub fn beyond_range(text: &str) -> bool {
    number_text(text).is_some_and(|cleaned| out_of_range(&cleaned))
}

fn out_of_range(cleaned: &str) -> bool {
    let body = cleaned.strip_prefix('-').unwrap_or(cleaned);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    int.trim_start_matches('0').len() > MAX_INTEGER_DIGITS || frac.len() > MAX_DECIMALS
}

/// The text of a number in plain ASCII (separators and spaces dropped, full-width forms read);
/// `None` when it is not written like a number.
fn number_text(text: &str) -> Option<String> {
    let mut cleaned = String::new();
    for ch in text.chars() {
        let c = match ch {
            ',' | '，' | ' ' | '\u{a0}' | '\u{3000}' | '\u{2009}' | '\u{202f}' | '\t' => continue,
            '０'..='９' => char::from(b'0' + (ch as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' | '−' => '-',
            c => c,
        };
        // Digits and points, after one minus sign at most: anything else is no number, and
        // most texts (labels, names) are known for none at their first character.
        if !(c.is_ascii_digit() || c == '.' || (c == '-' && cleaned.is_empty())) {
            return None;
        }
        cleaned.push(c);
    }
    let body = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    if body.is_empty()
        || !body.starts_with(|c: char| c.is_ascii_digit())
        || body.ends_with('.')
        || body.matches('.').count() > 1
    {
        return None;
    }
    Some(cleaned)
}

/// An amount together with where it was read and how it was printed there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub amount: Amount,
    pub source: Source,
    /// The text as printed, e.g. `6106713.00` (in 元) or `4,212.99`.
    pub printed: String,
    /// The unit it was printed in.
    pub unit: Unit,
    /// Set when `amount` is not the printed amount: the document's own arithmetic proves a
    /// misprint (更正).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Box<super::Correction>>,
    /// Set when the figure is not printed but computed from printed lines (推算).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<Box<super::Derivation>>,
}

impl Figure {
    /// A figure used as printed.
    pub fn new(amount: Amount, source: Source, printed: impl Into<String>, unit: Unit) -> Figure {
        Figure {
            amount,
            source,
            printed: printed.into(),
            unit,
            correction: None,
            derivation: None,
        }
    }

    /// The sum of `figures` in 万元, shown as derived (推算) with `formula` (zh, en) and every
    /// figure's source: exact to the digits they carry (without the zeros a conversion from 元
    /// adds, never fewer than two decimals), placed at the first figure's source.
    pub fn derived_sum(figures: &[&Figure], formula: (String, String)) -> Option<Figure> {
        let first = figures.first()?;
        let sum: Amount = figures.iter().map(|f| f.amount).sum();
        let printed = crate::format::amount_plain(sum.value());
        let sum = Amount::from_wan(printed.parse().unwrap_or(sum.value()));
        let mut sources: Vec<Source> = Vec::new();
        for f in figures {
            if !sources.contains(&f.source) {
                sources.push(f.source.clone());
            }
        }
        let mut figure = Figure::new(sum, first.source.clone(), printed, Unit::TenThousandYuan);
        figure.derivation = Some(Box::new(super::Derivation {
            formula_zh: formula.0,
            formula_en: formula.1,
            sources,
        }));
        Some(figure)
    }

    /// The mark a page shows beside it: 更正 (a proven misprint), 推算 (computed), or none.
    pub fn mark(&self) -> Option<FigureMark> {
        if self.correction.is_some() {
            Some(FigureMark::Corrected)
        } else if self.derivation.is_some() {
            Some(FigureMark::Derived)
        } else {
            None
        }
    }

    /// The exact amount in 万元 as text: with the digits printed for a figure given in 万元
    /// (`1458.9`, `60.00`), and without the zeros the conversion adds for one given in 元
    /// (6106713.00 元 → `610.6713`, not `610.671300`), never fewer than two decimals.
    pub fn exact(&self) -> String {
        match self.unit {
            Unit::TenThousandYuan => self.amount.to_string(),
            Unit::Yuan | Unit::ThousandYuan => crate::format::amount_plain(self.amount.value()),
        }
    }
}

/// How a figure's amount came about, when not as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureMark {
    /// 更正: a misprint the document's own arithmetic proves.
    Corrected,
    /// 推算: computed from printed lines.
    Derived,
}

impl FigureMark {
    pub fn label_zh(self) -> &'static str {
        match self {
            FigureMark::Corrected => "更正",
            FigureMark::Derived => "推算",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FigureMark::Corrected => "corrected",
            FigureMark::Derived => "derived",
        }
    }
}

/// A percentage as printed (`52.42%` → 52.42), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percent {
    pub value: Decimal,
    pub source: Source,
}

/// A count of things (vehicles, staff, projects), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: u32,
    pub source: Source,
}

/// A piece of narrative text with its first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub text: String,
    pub source: Source,
}

#[cfg(test)]
mod tests {

    #[test]
    fn thousands_of_yuan_shift_one_place() {
        let a = Amount::parse("12,345.6", Unit::ThousandYuan).unwrap();
        assert_eq!(a.value().to_string(), "1234.56");
        let b = Amount::parse("37,151", Unit::ThousandYuan).unwrap();
        assert_eq!(b.value().to_string(), "3715.1");
    }

    use super::*;

    #[test]
    fn yuan_converts_exactly_to_wan_and_keeps_precision() {
        let a = Amount::parse("6106713.00", Unit::Yuan).unwrap();
        assert_eq!(a.to_string(), "610.671300");
        assert_eq!(a, "610.6713".parse().unwrap());
        assert_eq!(a.half_unit(), Decimal::new(5, 7));
    }

    #[test]
    fn exact_text_drops_only_the_zeros_a_conversion_added() {
        let f = |printed: &str, unit: Unit| Figure {
            amount: Amount::parse(printed, unit).unwrap(),
            source: Source::new("t.txt", 1),
            printed: printed.to_string(),
            unit,
            correction: None,
            derivation: None,
        };
        assert_eq!(f("6106713.00", Unit::Yuan).exact(), "610.6713");
        assert_eq!(f("0.00", Unit::Yuan).exact(), "0.00");
        assert_eq!(f("1998194", Unit::Yuan).exact(), "199.8194");
        assert_eq!(f("1,458.9", Unit::TenThousandYuan).exact(), "1458.9");
        assert_eq!(f("60.00", Unit::TenThousandYuan).exact(), "60.00");
    }

    #[test]
    fn amounts_tolerate_separators_and_full_width() {
        assert_eq!(
            Amount::parse("4,212.99", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "4212.99"
        );
        assert_eq!(
            Amount::parse("１，２３４．５", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "1234.5"
        );
        assert_eq!(
            Amount::parse(" 1 458.9\u{3000}", Unit::TenThousandYuan)
                .unwrap()
                .to_string(),
            "1458.9"
        );
        assert!(Amount::parse("", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("-", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("12.3.4", Unit::TenThousandYuan).is_err());
        assert!(Amount::parse("302", Unit::TenThousandYuan).is_ok());
        assert!(Amount::parse("≥95%", Unit::TenThousandYuan).is_err());
    }

    #[test]
    fn half_unit_follows_printed_digits() {
        assert_eq!(
            Amount::parse("1,458.9", Unit::TenThousandYuan)
                .unwrap()
                .half_unit(),
            Decimal::new(5, 2)
        );
        assert_eq!(
            Amount::parse("47", Unit::TenThousandYuan)
                .unwrap()
                .half_unit(),
            Decimal::new(5, 1)
        );
    }

    #[test]
    fn figures_beyond_range_are_not_read() {
        // 29 digits: summing two of them overflowed a decimal and aborted the build.
        let huge = "79228162514264337593543950335";
        assert_eq!(parse_decimal(huge), None);
        assert!(beyond_range(huge));
        assert!(beyond_range("1,234,567,890,123,456,789.00"));
        // 28 decimals: half a unit of the last digit needed 29 places.
        let fine = "0.0000000000000000000000000001";
        assert_eq!(parse_decimal(fine), None);
        assert!(beyond_range(fine));
        // The largest that is read, and leading zeros do not count.
        assert!(parse_decimal("999999999999999999.9999999999").is_some());
        assert!(parse_decimal("000000000000000000000001.5").is_some());
        assert!(!beyond_range("12.5"));
        assert!(!beyond_range("合计"));
    }

    #[test]
    fn arithmetic_on_the_largest_figures_does_not_overflow() {
        let big = Amount::parse("-999,999,999,999,999,999.9999999999", Unit::Yuan).unwrap();
        let sum: Amount = std::iter::repeat_n(big, 1000).sum();
        assert!(sum.value() < Decimal::ZERO);
        assert_eq!(big.half_unit(), Decimal::new(5, 15));
        let wide = Amount::parse("999999999999999999.9999999999", Unit::TenThousandYuan).unwrap();
        let tiny = Amount::parse("0.0000000001", Unit::Yuan).unwrap();
        let _ = (wide + tiny) - tiny;
        let _ = wide.value() * Decimal::ONE_HUNDRED;
        let _ = (wide.half_unit() + tiny.half_unit()) * Decimal::from(10_000);
    }

    #[test]
    fn chinese_rounding_is_half_away_from_zero() {
        let a: Amount = "0.125".parse().unwrap();
        assert_eq!(a.rounded(2).to_string(), "0.13");
    }
}
