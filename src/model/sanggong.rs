//! The “三公” expenses (因公出国（境）费, 公务接待费, 公务用车购置及运行费) and their one list of
//! labels.

use serde::{Deserialize, Serialize};

use super::{Change, Figure};

/// The “三公” expenses. Each item is `None` when the document does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanggong {
    pub total: Option<Figure>,
    /// 因公出国（境）费
    pub outbound: Option<Figure>,
    /// 公务用车购置及运行费
    pub vehicles: Option<Figure>,
    /// 公务用车购置费
    pub vehicle_purchase: Option<Figure>,
    /// 公务用车运行（维护）费
    pub vehicle_operation: Option<Figure>,
    /// 公务接待费
    pub reception: Option<Figure>,
}

/// One item of the “三公” expenses, with the one label every page, chart, finding and export
/// uses for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SanggongItem {
    Total,
    Outbound,
    Vehicles,
    VehiclePurchase,
    VehicleOperation,
    Reception,
}

impl SanggongItem {
    /// Every item in the order of the standard 三公 table: the total, 出国, 车辆 with its two
    /// parts, 接待.
    pub const ALL: [SanggongItem; 6] = [
        SanggongItem::Total,
        SanggongItem::Outbound,
        SanggongItem::Vehicles,
        SanggongItem::VehiclePurchase,
        SanggongItem::VehicleOperation,
        SanggongItem::Reception,
    ];

    /// Every item in the order pages and the open data list them: the total, 出国 and 接待,
    /// then the vehicle costs with their two parts.
    pub const LISTED: [SanggongItem; 6] = [
        SanggongItem::Total,
        SanggongItem::Outbound,
        SanggongItem::Reception,
        SanggongItem::Vehicles,
        SanggongItem::VehiclePurchase,
        SanggongItem::VehicleOperation,
    ];

    /// The name of its field in [`Sanggong`] and in the open data (`vehicle_operation`).
    pub fn key(self) -> &'static str {
        match self {
            SanggongItem::Total => "total",
            SanggongItem::Outbound => "outbound",
            SanggongItem::Vehicles => "vehicles",
            SanggongItem::VehiclePurchase => "vehicle_purchase",
            SanggongItem::VehicleOperation => "vehicle_operation",
            SanggongItem::Reception => "reception",
        }
    }

    /// Its key among a table's keyed figures ([`crate::model::TableRecord::figure`]): the
    /// field name, except `sanggong_total` for the total (`total` is the table's own total).
    pub fn figure_key(self) -> &'static str {
        match self {
            SanggongItem::Total => "sanggong_total",
            other => other.key(),
        }
    }

    /// Its label, in the standard's wording.
    pub fn label_zh(self) -> &'static str {
        match self {
            SanggongItem::Total => "“三公”经费合计",
            SanggongItem::Outbound => "因公出国（境）费",
            SanggongItem::Vehicles => "公务用车购置及运行费",
            SanggongItem::VehiclePurchase => "公务用车购置费",
            SanggongItem::VehicleOperation => "公务用车运行（维护）费",
            SanggongItem::Reception => "公务接待费",
        }
    }

    /// Its English name (findings' English messages, a site in English).
    pub fn label_en(self) -> &'static str {
        match self {
            SanggongItem::Total => "“three public expenses” total",
            SanggongItem::Outbound => "overseas travel",
            SanggongItem::Vehicles => "official vehicles",
            SanggongItem::VehiclePurchase => "vehicle purchase",
            SanggongItem::VehicleOperation => "vehicle operation",
            SanggongItem::Reception => "official reception",
        }
    }

    /// Its anchor on a department page (`sanggong-vehicle-operation`).
    pub fn id(self) -> &'static str {
        match self {
            SanggongItem::Total => "sanggong-total",
            SanggongItem::Outbound => "sanggong-outbound",
            SanggongItem::Vehicles => "sanggong-vehicles",
            SanggongItem::VehiclePurchase => "sanggong-vehicle-purchase",
            SanggongItem::VehicleOperation => "sanggong-vehicle-operation",
            SanggongItem::Reception => "sanggong-reception",
        }
    }

    /// True for the two parts of the vehicle costs (printed under 其中).
    pub fn is_vehicle_part(self) -> bool {
        matches!(
            self,
            SanggongItem::VehiclePurchase | SanggongItem::VehicleOperation
        )
    }
}

impl Sanggong {
    /// The expenses as a whole, as a sentence names them.
    pub const NAME_ZH: &str = "“三公”经费";
    pub const NAME_EN: &str = "三公 expenses";

    /// The place of one item, to fill it.
    pub fn slot_mut(&mut self, item: SanggongItem) -> &mut Option<Figure> {
        match item {
            SanggongItem::Total => &mut self.total,
            SanggongItem::Outbound => &mut self.outbound,
            SanggongItem::Vehicles => &mut self.vehicles,
            SanggongItem::VehiclePurchase => &mut self.vehicle_purchase,
            SanggongItem::VehicleOperation => &mut self.vehicle_operation,
            SanggongItem::Reception => &mut self.reception,
        }
    }

    pub fn get(&self, item: SanggongItem) -> Option<&Figure> {
        match item {
            SanggongItem::Total => self.total.as_ref(),
            SanggongItem::Outbound => self.outbound.as_ref(),
            SanggongItem::Vehicles => self.vehicles.as_ref(),
            SanggongItem::VehiclePurchase => self.vehicle_purchase.as_ref(),
            SanggongItem::VehicleOperation => self.vehicle_operation.as_ref(),
            SanggongItem::Reception => self.reception.as_ref(),
        }
    }

    /// True when the document states any item.
    pub fn any(&self) -> bool {
        SanggongItem::ALL.iter().any(|i| self.get(*i).is_some())
    }
}

/// A 三公 item as the narrative states it, with its change against the previous year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedSanggong {
    pub amounts: Sanggong,
    /// Stated change of the total.
    pub total_change: Option<Change>,
    /// Stated previous-year total (`较上年预算35.38万元`).
    pub total_prior: Option<Figure>,
    pub outbound_change: Option<Change>,
    pub reception_change: Option<Change>,
    pub vehicle_purchase_change: Option<Change>,
    pub vehicle_operation_change: Option<Change>,
}

impl StatedSanggong {
    /// The stated change of an item against the previous year (the vehicle costs as a whole
    /// have none).
    pub fn change(&self, item: SanggongItem) -> Option<&Change> {
        match item {
            SanggongItem::Total => self.total_change.as_ref(),
            SanggongItem::Outbound => self.outbound_change.as_ref(),
            SanggongItem::Vehicles => None,
            SanggongItem::VehiclePurchase => self.vehicle_purchase_change.as_ref(),
            SanggongItem::VehicleOperation => self.vehicle_operation_change.as_ref(),
            SanggongItem::Reception => self.reception_change.as_ref(),
        }
    }
}
