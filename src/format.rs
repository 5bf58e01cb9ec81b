//! format: every way the site writes out a figure or escapes a text, each defined here once.
//! Amounts are in 万元 and round the Chinese way (四舍五入, half away from zero); shares are
//! computed and rounded here too, so a page, a chart and a finding never disagree about one.
//!
//! It sits at the ground beside `model`: it uses nothing of ours.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounded the Chinese way (四舍五入) to `dp` places.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount for display: thousands separators and two decimals (`1,234.56`). A non-zero amount
/// that two decimals would show as 0.00 (2.19 元 = 0.000219 万元) is shown with all its digits:
/// a reader must never see a disclosed figure as zero.
pub fn amount(value: Decimal) -> String {
    let rounded = round(value, 2);
    if rounded.is_zero() && !value.is_zero() {
        return value.normalize().to_string();
    }
    // No sign on an amount that shows as zero.
    let rounded = if rounded.is_zero() {
        rounded.abs()
    } else {
        rounded
    };
    group_thousands(&rounded.to_string(), 2)
}

/// [`amount`] of an exact amount given as text (as the views and templates hold amounts). Text
/// that is not a number comes back unchanged.
pub fn amount_text(text: &str) -> String {
    match Decimal::from_str_exact(text.trim()) {
        Ok(value) => amount(value),
        Err(_) => text.to_string(),
    }
}

/// Whether [`amount_text`] rounds this exact amount: it has a nonzero digit past the second
/// decimal (`25796.589222`, not `12.50` or `3.1000`).
pub fn rounds(text: &str) -> bool {
    text.trim()
        .split_once('.')
        .is_some_and(|(_, decimals)| decimals.bytes().skip(2).any(|b| b != b'0'))
}

/// An amount with every digit the document printed, grouped, at least two decimals:
/// `610.6713`, `4,212.99`.
pub fn amount_exact(value: Decimal) -> String {
    group_thousands(&value.normalize().to_string(), 2)
}

/// An amount with every digit, ungrouped, at least two decimals, as messages and the open data
/// write it: `610.6713`, `4212.99`, `60.00`.
pub fn amount_plain(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

/// A rounding allowance as a reader wants it: three significant digits, at least two decimals
/// (`0.0200005` → `0.02`, `0.015` → `0.015`).
pub fn tolerance(value: Decimal) -> String {
    if value.is_zero() {
        return amount_plain(value);
    }
    // Places after the point that keep three significant digits.
    let mut places: u32 = 2;
    let mut v = value.abs();
    while v < Decimal::ONE_HUNDRED && places < 27 {
        v *= Decimal::TEN;
        places += 1;
    }
    let rounded = value.round_dp_with_strategy(
        places.saturating_sub(2),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    amount_plain(rounded)
}

/// A round amount on a chart's axis: grouped, no padding (`1,500`, `2.5`).
pub fn amount_tick(value: Decimal) -> String {
    group_thousands(&value.normalize().to_string(), 0)
}

/// Inserts thousands separators into a plain decimal and pads it to at least `min_decimals`.
fn group_thousands(plain: &str, min_decimals: usize) -> String {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(plain.len() + int.len() / 3 + min_decimals + 1);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() || min_decimals > 0 {
        out.push('.');
        out.push_str(frac);
        for _ in frac.len()..min_decimals {
            out.push('0');
        }
    }
    out
}

/// `part` as a percentage of `whole`, to two places; `None` when the whole is zero or the share
/// is beyond what a decimal holds (a large part of a tiny whole).
pub fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    let share = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    Some(round(share, 2))
}

/// A percentage with two decimals: `64.52%`, `-3.20%`.
pub fn percent(value: Decimal) -> String {
    format!("{value:.2}%")
}

/// `part` as a percentage of `whole`, written by [`percent`]; `None` when the whole is zero.
pub fn share_text(part: Decimal, whole: Decimal) -> Option<String> {
    share(part, whole).map(percent)
}

/// A percentage to one place, for a label inside a bar: `64.5%`.
pub fn percent_short(value: Decimal) -> String {
    format!("{}%", round(value, 1))
}

/// A round percentage on a chart's axis: `25%`, `12.5%`.
pub fn percent_tick(value: Decimal) -> String {
    format!("{}%", value.normalize())
}

/// A percentage in a message, without the sign: two places at most, at least two shown
/// (`4.00`, `12.35`).
pub fn percent_plain(value: Decimal) -> String {
    amount_plain(round(value, 2))
}

/// Escapes text for HTML and XML (SVG, the sitemap), in content and in quoted attributes. Unlike
/// the escaping of template engines it leaves `/` alone, so relative links stay readable in the
/// output.
pub fn escape(text: &str) -> String {
    // Most text needs no escaping: copy it whole.
    if !text.bytes().any(|b| entity(b).is_some()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    write_escaped(&mut out, text).expect("a String takes any text");
    out
}

/// [`escape`], written to `out` (a template's output) rather than returned.
pub fn write_escaped<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(entity) = entity(b) {
            out.write_str(&text[start..i])?;
            out.write_str(entity)?;
            start = i + 1;
        }
    }
    out.write_str(&text[start..])
}

fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_with_more_than_two_decimals_is_rounded_when_shown() {
        assert!(rounds("25796.589222"));
        assert!(!rounds("12.50"));
        assert!(!rounds("3.1000"));
        assert!(!rounds("7"));
        assert_eq!(amount_text("25796.589222"), "25,796.59");
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn tolerances_print_three_significant_digits() {
        assert_eq!(tolerance(d("0.0200005")), "0.02");
        assert_eq!(tolerance(d("0.015")), "0.015");
        assert_eq!(tolerance(d("0.0150005")), "0.015");
        assert_eq!(tolerance(d("0.0001")), "0.0001");
        assert_eq!(tolerance(d("1.5")), "1.50");
    }

    #[test]
    fn amounts_group_thousands_and_round_half_away_from_zero() {
        assert_eq!(amount_text("1234.56"), "1,234.56");
        assert_eq!(amount_text("922.94"), "922.94");
        assert_eq!(amount_text("1234567"), "1,234,567.00");
        assert_eq!(amount_text("610.671300"), "610.67");
        assert_eq!(amount_text("0.125"), "0.13");
        assert_eq!(amount_text("-1234.5"), "-1,234.50");
        assert_eq!(amount_text("-0.001"), "-0.001");
        assert_eq!(amount_text("0.000219"), "0.000219");
        assert_eq!(amount_text("0.000000"), "0.00");
        assert_eq!(amount_text("-0.00"), "0.00");
        assert_eq!(amount_text("100"), "100.00");
        assert_eq!(amount_text("未披露"), "未披露");
    }

    #[test]
    fn exact_plain_and_tick_amounts_keep_their_digits() {
        assert_eq!(amount_exact(d("4212.990")), "4,212.99");
        assert_eq!(amount_exact(d("610.671300")), "610.6713");
        assert_eq!(amount_exact(d("100")), "100.00");
        assert_eq!(amount_plain(d("4212.990")), "4212.99");
        assert_eq!(amount_plain(d("60")), "60.00");
        assert_eq!(amount_tick(d("1500.0")), "1,500");
        assert_eq!(amount_tick(d("2.50")), "2.5");
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(share_text(d("1"), d("8")).unwrap(), "12.50%");
        assert_eq!(share_text(d("595.48"), d("922.94")).unwrap(), "64.52%");
        assert_eq!(share_text(Decimal::ONE, Decimal::ZERO), None);
        assert_eq!(percent_short(d("64.55")), "64.6%");
        assert_eq!(percent_tick(d("25.00")), "25%");
        assert_eq!(percent_plain(d("4.005")), "4.01");
        assert_eq!(percent(d("-3.2")), "-3.20%");
    }

    #[test]
    fn escaping_covers_the_five_characters_and_nothing_else() {
        assert_eq!(escape("公开 a/b"), "公开 a/b");
        assert_eq!(
            escape("<b title=\"x\">A&B's</b>预算"),
            "&lt;b title=&quot;x&quot;&gt;A&amp;B&#39;s&lt;/b&gt;预算"
        );
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape(""), "");
    }
}
