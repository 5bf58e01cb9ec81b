//! From figures to plots: a bar per amount, or 100 % stacked bars of shares, with their
//! descriptions and data; [`super::svg`] draws them.

use super::*;

pub(super) type ColourOf = Box<dyn Fn(&str) -> Rgb>;

/// A chart of one bar per label, its length the amount.
pub(super) struct BarsSpec {
    pub(super) id: String,
    pub(super) name: &'static str,
    pub(super) title: String,
    /// What the chart shows, as the opening of its description.
    pub(super) what: String,
    /// The language of its words.
    pub(super) lang: Lang,
    pub(super) rows: Vec<(String, Amount)>,
    /// Labels whose figure is not disclosed.
    pub(super) missing: Vec<String>,
    pub(super) sort: bool,
    /// Show each bar's share of the sum of all bars.
    pub(super) shares: bool,
    pub(super) colour_of: Option<ColourOf>,
    pub(super) legend: Vec<(String, Rgb)>,
    pub(super) extra_notes: Vec<String>,
}

pub(super) fn sort_descending(rows: &mut [(String, Amount)]) {
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

pub(super) fn amount_bars(spec: BarsSpec) -> Chart {
    let BarsSpec {
        id,
        name,
        title,
        what,
        lang,
        mut rows,
        missing,
        sort,
        shares,
        colour_of,
        legend,
        extra_notes,
    } = spec;
    let unit = lang.get("chart_unit");
    let sep = lang.get("list_sep");
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(lang.fill("chart_missing_note", &[("list", &missing.join(sep))]));
    }
    let negative: Vec<String> = rows
        .iter()
        .filter(|(_, a)| a.value().is_sign_negative() && !a.is_zero())
        .map(|(l, a)| format!("{l} {}", format::amount(a.value())))
        .collect();
    if !negative.is_empty() {
        notes.push(lang.fill("chart_negative_note", &[("list", &negative.join(sep))]));
        rows.retain(|(_, a)| !a.value().is_sign_negative() || a.is_zero());
    }
    if sort {
        sort_descending(&mut rows);
    }
    notes.extend(extra_notes);
    // A share of a whole one of whose parts is undisclosed would overstate the others.
    let shares = shares && missing.is_empty();
    let sum: Decimal = rows.iter().map(|(_, a)| a.value()).sum();
    let share_of = |amount: Amount| {
        if shares {
            format::share(amount.value(), sum)
        } else {
            None
        }
    };

    let data: Vec<ChartDatum> = rows
        .iter()
        .map(|(label, amount)| ChartDatum {
            label: label.clone(),
            series: None,
            amount: *amount,
            value: format::amount_exact(amount.value()),
            share: share_of(*amount).map(format::percent),
        })
        .collect();

    let plot_rows = rows
        .iter()
        .map(|(label, amount)| {
            let colour = colour_of.as_ref().map_or(SERIES[0], |f| f(label));
            let shown = format::amount(amount.value());
            let end_text = match share_of(*amount) {
                Some(s) => lang.fill(
                    "chart_value_share",
                    &[("value", &shown), ("share", &format::percent(s))],
                ),
                None => shown.clone(),
            };
            Row {
                label: label.clone(),
                segments: vec![Segment {
                    value: to_f64(amount.value()),
                    colour,
                    text: None,
                    tooltip: lang.fill(
                        "chart_bar_tooltip",
                        &[("label", label), ("value", &end_text), ("unit", unit)],
                    ),
                }],
                end_text,
            }
        })
        .collect();

    let listing = rows
        .iter()
        .map(|(label, amount)| format!("{label} {}", format::amount(amount.value())))
        .collect::<Vec<_>>()
        .join(lang.get("list_sep_major"));
    let order = if sort { lang.get("chart_sorted") } else { "" };
    let mut desc = lang.fill(
        "chart_bars_desc",
        &[
            ("what", &what),
            ("unit", unit),
            ("order", order),
            ("listing", &listing),
        ],
    );
    for note in &notes {
        desc.push_str(note);
    }
    let subtitle = format!(
        "{}{}",
        lang.fill("chart_unit_subtitle", &[("unit", unit)]),
        if shares {
            lang.get("chart_share_in_brackets")
        } else {
            ""
        }
    );
    let plot = Plot {
        id: &id,
        title: &title,
        desc: &desc,
        subtitle,
        legend,
        rows: plot_rows,
        scale: Scale::Amount,
        notes: &notes,
    };
    let svg = render(&plot);
    Chart {
        name: name.to_string(),
        id,
        title,
        desc,
        svg,
        data,
        notes,
    }
}

/// A chart of one 100 % bar per label, split into parts.
pub(super) struct ShareSpec {
    pub(super) id: String,
    pub(super) name: &'static str,
    pub(super) title: String,
    pub(super) what: String,
    pub(super) lang: Lang,
    pub(super) series: Vec<(String, Rgb)>,
    pub(super) rows: Vec<(String, Vec<Part>)>,
    pub(super) missing: Vec<String>,
    pub(super) extra_notes: Vec<String>,
}

pub(super) fn share_bars(spec: ShareSpec) -> Chart {
    let ShareSpec {
        id,
        name,
        title,
        what,
        lang,
        series,
        rows,
        missing,
        extra_notes,
    } = spec;
    let unit = lang.get("chart_unit");
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(lang.fill(
            "chart_missing_note",
            &[("list", &missing.join(lang.get("list_sep")))],
        ));
    }
    notes.extend(extra_notes);
    let colour = |key: &str| {
        series
            .iter()
            .find(|(k, _)| k == key)
            .map_or(OTHER, |(_, c)| *c)
    };
    let mut data = Vec::new();
    let mut plot_rows = Vec::new();
    let mut listing = Vec::new();
    for (label, parts) in &rows {
        let parts: Vec<&Part> = parts
            .iter()
            .filter(|p| !p.amount.value().is_sign_negative())
            .collect();
        let total: Decimal = parts.iter().map(|p| p.amount.value()).sum();
        let mut segments = Vec::new();
        let mut described = Vec::new();
        for part in &parts {
            let s = format::share(part.amount.value(), total);
            data.push(ChartDatum {
                label: label.clone(),
                series: Some(part.key.clone()),
                amount: part.amount,
                value: format::amount_exact(part.amount.value()),
                share: s.map(format::percent),
            });
            let share_text = s.map(format::percent).unwrap_or_default();
            described.push(format!("{} {share_text}", part.key));
            segments.push(Segment {
                value: if total.is_zero() {
                    0.0
                } else {
                    to_f64(part.amount.value()) / to_f64(total) * 100.0
                },
                colour: colour(&part.key),
                text: s.map(format::percent_short),
                tooltip: lang.fill(
                    "chart_segment_tooltip",
                    &[
                        ("label", label),
                        ("key", &part.key),
                        ("amount", &format::amount(part.amount.value())),
                        ("unit", unit),
                        ("share", &share_text),
                    ],
                ),
            });
        }
        let total_text = format::amount(total);
        listing.push(lang.fill(
            "chart_stack_listing",
            &[
                ("label", label),
                ("total", &total_text),
                ("parts", &described.join(lang.get("list_sep_minor"))),
            ],
        ));
        plot_rows.push(Row {
            label: label.clone(),
            segments,
            end_text: total_text,
        });
    }
    let mut desc = lang.fill(
        "chart_stack_desc",
        &[
            ("what", &what),
            ("unit", unit),
            ("listing", &listing.join(lang.get("list_sep_major"))),
        ],
    );
    for note in &notes {
        desc.push_str(note);
    }
    let plot = Plot {
        id: &id,
        title: &title,
        desc: &desc,
        subtitle: lang.fill("chart_stack_subtitle", &[("unit", unit)]),
        legend: series.clone(),
        rows: plot_rows,
        scale: Scale::Share,
        notes: &notes,
    };
    let svg = render(&plot);
    Chart {
        name: name.to_string(),
        id,
        title,
        desc,
        svg,
        data,
        notes,
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

pub(super) fn to_f64(value: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    value.to_f64().unwrap_or(0.0)
}
