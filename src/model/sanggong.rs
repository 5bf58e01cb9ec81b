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
