//! Claims: every statement of an item's amount the narrative makes, whether or not the model
//! knows the item — `X A 万元，较上年 B 万元增加/减少 C 万元（P%）` and its variants (`较上年减少
//! C 万元`, `较上年无变动`, `与上年持平`, `占 P%`). The item is the text before the amount back to
//! the clause it opens, with lead words (`2024年本单位当年`, `(1)`, `其中：`) and fillers
//! (`预算支出`, `为`) dropped; a code printed with it (`行政运行（2010301）`) is kept apart.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::model::{Amount, Claim, Figure, Percent, Source, Unit, parse_decimal};

const NUM: &str = r"\d[\d,]*(?:\.\d+)?";

static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<amt>{NUM})\s*(?P<unit>万元|元)
        (?:\s*[，,]?\s*占(?:比)?(?:为)?\s*(?P<share>{NUM})\s*%)?
        (?:\s*[，,]?\s*(?:较|比|与)\s*(?:上年|去年|上一年度?|\d{{4}}\s*年)度?(?:年初)?(?:预算数?|决算数?)?(?:数)?(?:的)?
            (?:\s*(?P<prior>{NUM})\s*(?P<prior_unit>万元|元)?)?
            \s*(?:相比|相较)?[，,]?\s*
            (?P<verb>增加|减少|增长|下降|上升|降低|持平|无变动|没有变动|无变化|未发生变化|不变|一致)
            (?:了)?
            (?:\s*(?P<chg>{NUM})\s*(?P<chg_unit>万元|元))?
            (?:\s*[，,]?\s*(?:增长|下降|增幅|降幅|增加|减少|上升|降低)?(?:率|幅度)?(?:为)?\s*[（(]?\s*(?P<pct>{NUM})\s*%\s*[)）]?)?
        )?"
    ))
    .expect("the claim pattern is valid")
});

/// Lead words before an item's name.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|\d+\s*[、.．]|[一二三四五六七八九十]+[、.．]|其中[：:]?|20\d{2}\s*年(?:度)?|本(?:单位|部门)|我(?:单位|部门)|当年|本年度?|年度|全年|安排|[“”\x22]?\s*)\s*",
    )
    .expect("valid")
});

/// Fillers between an item's name and its amount.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:预算支出|预算安排|预算数|预算|支出安排|安排|合计|共计|总计为|为|是|的|\s)+$")
        .expect("valid")
});

static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[（(](?P<code>\d{3,7})[)）]\s*$").expect("valid"));

/// Where a clause begins, looking back from an amount.
fn clause_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '；' | ';' | '：' | ':' | '，' | ',' | '、' | '\n'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

/// The item a clause names, and its code.
fn item_of(subject: &str) -> Option<(String, Option<String>)> {
    let mut s = subject.trim();
    loop {
        let before = s;
        if let Some(m) = LEAD.find(s)
            && m.end() > 0
        {
            s = s[m.end()..].trim_start();
        }
        // `一般公共预算会议费`: the fund names the money, not the item; `一般公共预算拨款收入` is an
        // item of its own.
        if let Some(rest) = s.strip_prefix("一般公共预算")
            && rest.chars().count() >= 2
            && !rest.starts_with(['拨', '收', '支', '财'])
        {
            s = rest;
        }
        if s == before {
            break;
        }
    }
    let mut code = None;
    let mut name = s.to_string();
    if let Some(c) = CODE.captures(&name) {
        code = Some(c["code"].to_string());
        name.truncate(c.get(0).map_or(name.len(), |m| m.start()));
    }
    let name = TAIL.replace(&name, "").to_string();
    let name = name.trim_matches(['“', '”', '"', ' ']).to_string();
    // A clause about a change (`收入较上年减少`) states no amount of an item.
    if [
        "较",
        "比上年",
        "增加",
        "减少",
        "增长",
        "下降",
        "上年",
        "去年",
        "同比",
    ]
    .iter()
    .any(|w| name.contains(w))
    {
        return None;
    }
    let chars = name.chars().count();
    // A name is a run of words, not a number or a sentence.
    if !(2..=24).contains(&chars)
        || !name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        || name.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((name, code))
}

/// A passage of narrative text with the line each byte offset stands on.
pub trait Lines {
    fn line_at(&self, offset: usize) -> u32;
}

/// Every claim a passage makes.
pub fn read_claims(file: &str, text: &str, lines: &dyn Lines) -> Vec<Claim> {
    let source = |offset: usize| Source::new(file, lines.line_at(offset));
    let figure = |caps: &Captures, num: &str, unit: &str, fallback: Unit| -> Option<Figure> {
        let m = caps.name(num)?;
        let unit = match caps.name(unit).map(|u| u.as_str()) {
            Some("元") => Unit::Yuan,
            Some(_) => Unit::TenThousandYuan,
            None => fallback,
        };
        Some(Figure::new(
            Amount::parse(m.as_str(), unit).ok()?,
            source(m.start()),
            m.as_str(),
            unit,
        ))
    };
    let mut out = Vec::new();
    for caps in CLAIM.captures_iter(text) {
        let Some(amt) = caps.name("amt") else {
            continue;
        };
        let start = clause_start(text, amt.start());
        let Some((item, code)) = item_of(&text[start..amt.start()]) else {
            continue;
        };
        let Some(amount) = figure(&caps, "amt", "unit", Unit::TenThousandYuan) else {
            continue;
        };
        let verb = caps.name("verb").map(|v| v.as_str()).unwrap_or("");
        let sign = if matches!(verb, "减少" | "下降" | "降低") {
            -1
        } else {
            1
        };
        let change_unit = match caps.name("chg_unit").map(|u| u.as_str()) {
            Some("元") => Unit::Yuan,
            _ => Unit::TenThousandYuan,
        };
        let mut change = figure(&caps, "chg", "chg_unit", Unit::TenThousandYuan);
        if sign < 0
            && let Some(c) = change.as_mut()
        {
            c.amount = -c.amount;
        }
        let percent = caps.name("pct").and_then(|m| {
            let mut value = parse_decimal(m.as_str())?;
            if sign < 0 {
                value = -value;
            }
            Some(Percent {
                value,
                source: source(m.start()),
            })
        });
        let share = caps.name("share").and_then(|m| {
            Some(Percent {
                value: parse_decimal(m.as_str())?,
                source: source(m.start()),
            })
        });
        out.push(Claim {
            item,
            code,
            prior: figure(&caps, "prior", "prior_unit", change_unit),
            change,
            percent,
            share,
            unchanged: matches!(
                verb,
                "持平" | "无变动" | "没有变动" | "无变化" | "未发生变化" | "不变" | "一致"
            ),
            amount,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct One;
    impl Lines for One {
        fn line_at(&self, _: usize) -> u32 {
            7
        }
    }

    fn claims(text: &str) -> Vec<Claim> {
        read_claims("t.txt", text, &One)
    }

    #[test]
    fn meeting_costs_with_last_year_change_and_percent() {
        // fengxian-2024.txt:190
        let c = claims(
            "本单位当年一般公共预算会议费预算支出2.68万元，较上年2.70万元减少0.19万元（7.3%），本单位当年一般公共预算培训费预算支出0.36万元，较上年0.37万元减少0.10万元（26.7%）。",
        );
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].item, "会议费");
        assert_eq!(c[0].amount.amount.value().to_string(), "2.68");
        assert_eq!(
            c[0].prior.as_ref().unwrap().amount.value().to_string(),
            "2.70"
        );
        assert_eq!(
            c[0].change.as_ref().unwrap().amount.value().to_string(),
            "-0.19"
        );
        assert_eq!(c[0].percent.as_ref().unwrap().value.to_string(), "-7.3");
        assert_eq!(c[1].item, "培训费");
        assert_eq!(c[1].amount.source.line, 7);
    }

    #[test]
    fn coded_items_unchanged_items_and_a_prior_without_unit() {
        let c =
            claims("其中：工资福利支出(301) 401.49 万元，较上年减少 95.64 万元，原因是人员变动。");
        assert_eq!(
            (c[0].item.as_str(), c[0].code.as_deref()),
            ("工资福利支出", Some("301"))
        );
        assert!(c[0].prior.is_none());
        assert_eq!(
            c[0].change.as_ref().unwrap().amount.value().to_string(),
            "-95.64"
        );
        let c = claims("对个人和家庭的补助(303) 3.96 万元，较上年无变动。");
        assert!(c[0].unchanged);
        let c = claims("公务接待费2.19元，较上年3.49减少1.29万元（62.84%）");
        assert_eq!(c[0].amount.unit, Unit::Yuan);
        let prior = c[0].prior.as_ref().unwrap();
        assert_eq!(
            (prior.printed.as_str(), prior.unit),
            ("3.49", Unit::TenThousandYuan)
        );
        let c = claims("(1) 行政运行（2010301）239.14 万元，较上年减少 127.52 万元");
        assert_eq!(
            (c[0].item.as_str(), c[0].code.as_deref()),
            ("行政运行", Some("2010301"))
        );
        let c = claims("一般公共服务支出595.48万元，占64.52%，与上年持平。");
        assert_eq!(c[0].share.as_ref().unwrap().value.to_string(), "64.52");
        assert!(c[0].unchanged);
    }

    #[test]
    fn numbers_without_an_item_are_not_claims() {
        assert!(claims("共计 12.00 万元。").is_empty());
        assert!(claims("2024 年 610.67 万元").is_empty());
        assert!(
            claims("2024 年本单位预算收入较上年减少 84.61 万元，主要原因是人员变动").is_empty()
        );
        let c = claims("基本支出 5.00 万元，较上年增加 5.2 个百分点");
        assert!(c[0].change.is_none(), "{c:?}");
    }
}
