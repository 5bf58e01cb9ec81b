//! The 三公 table: its items as column headers over one row of figures (in one block or beside
//! last year's and the change), or one item a row with its figure to the right.

use crate::model::*;
use crate::parse::codes::strip_enumeration;
use crate::parse::grid::{Grid, is_amount};
use crate::parse::tables::{Reader, has_cjk, is_current_period};

/// Which 三公 item a label names.
fn sanggong_slot(label: &str) -> Option<SanggongItem> {
    let squeezed: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let l = squeezed.as_str();
    if l.contains("教学科研") || l.contains("会议费") || l.contains("培训费") {
        return None;
    }
    let bare: String = strip_enumeration(l)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '\''))
        .collect();
    let whole = matches!(
        bare.as_str(),
        "三公经费" | "三公经费支出" | "三公经费预算" | "三公经费预算数" | "三公经费合计"
    );
    let sum = ["合计", "小计", "总计", "总额"]
        .iter()
        .any(|w| l.contains(w));
    if l.contains("三公") && (sum || whole) {
        Some(SanggongItem::Total)
    } else if l.contains("出国") {
        Some(SanggongItem::Outbound)
    } else if l.contains("接待") {
        Some(SanggongItem::Reception)
    } else if l.contains("购置及运") {
        Some(SanggongItem::Vehicles)
    } else if l.contains("购置") {
        Some(SanggongItem::VehiclePurchase)
    } else if l.contains("运行") || l.contains("运维") {
        Some(SanggongItem::VehicleOperation)
    } else {
        None
    }
}

fn set_slot(s: &mut Sanggong, item: SanggongItem, f: Figure) {
    let target = s.slot_mut(item);
    if target.is_none() {
        *target = Some(f);
    }
}

/// Reads a 三公 table, either with the items as column headers over one row of figures, or with
/// one item per row and its figure to the right. The second form may also list 会议费, 培训费 and a
/// grand 合计: those come back as keyed extras (`meeting`, `training`, `table_total`).
pub fn read_sanggong(r: &mut Reader, grid: &Grid, unit: Unit) -> (Sanggong, Vec<KeyedFigure>) {
    let mut out = Sanggong::default();
    let mut extras = Vec::new();
    let row_shaped = grid.data.iter().any(|row| {
        row.cells
            .iter()
            .any(|c| has_cjk(&c.text) && sanggong_slot(&c.text).is_some())
    });
    if row_shaped {
        for row in &grid.data {
            let Some(i) = row.cells.iter().position(|c| has_cjk(&c.text)) else {
                continue;
            };
            let label = row.cells[i].text.as_str();
            let extra = match strip_enumeration(label) {
                "合计" | "总计" => Some("table_total"),
                "会议费" => Some("meeting"),
                "培训费" => Some("training"),
                _ => None,
            };
            if let Some(key) = extra {
                if let Some(figure) = r.figure(row, Some(i + 1), unit, label) {
                    extras.push(KeyedFigure {
                        key: key.to_string(),
                        figure,
                    });
                }
                continue;
            }
            if let Some(slot) = sanggong_slot(label)
                && let Some(f) = r.figure(row, Some(i + 1), unit, label)
            {
                set_slot(&mut out, slot, f);
            }
        }
        return (out, extras);
    }
    let Some(row) = grid
        .data
        .iter()
        .find(|row| row.cells.iter().any(|c| is_amount(&c.text)))
    else {
        return (out, extras);
    };
    // A 合计 column is the 三公 total unless the table adds 会议费 and 培训费 into it (then the
    // 三公 total is the 小计 of the 三公 group).
    let merged_total = grid
        .labels
        .iter()
        .any(|l| l.contains("会议费") || l.contains("培训费"));
    for col in 0..grid.width {
        // The lowest header word of a column decides; 小计 takes its group's word.
        let own = grid.own_labels.get(col).map(String::as_str).unwrap_or("");
        let label = &grid.labels[col];
        if !is_current_period(label, &grid.labels) {
            continue;
        }
        let slot = if matches!(strip_enumeration(own), "合计" | "总计") {
            (!merged_total).then_some(SanggongItem::Total)
        } else if own.contains("小计") && label.contains("三公") && out.total.is_none() {
            // The 小计 of the 三公 group, where no 合计 column gave the total.
            Some(SanggongItem::Total)
        } else if own.contains("小计") || own.is_empty() {
            sanggong_slot(
                label
                    .split(' ')
                    .rfind(|w| !w.contains("小计"))
                    .unwrap_or(label),
            )
            .or_else(|| sanggong_slot(label))
        } else {
            // A label broken by its cell (`因公出国（境）费` / `用`): the lowest piece that names an
            // item.
            sanggong_slot(own).or_else(|| label.split(' ').rev().find_map(sanggong_slot))
        };
        // A column whose cell in the figures' row holds words (`合计` under a group label
        // widened over the name column) is no item's.
        if let Some(slot) = slot
            && !has_cjk(row.text(col))
            && let Some(f) = r.figure(row, Some(col), unit, label)
        {
            set_slot(&mut out, slot, f);
        }
    }
    (out, extras)
}
