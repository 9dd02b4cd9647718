//! Reviewing several annotators' work: where they disagree ([`places`]), how much they
//! agree ([`metrics`], [`agreement`]).

pub mod adjudicate;
pub mod agreement;
pub mod gold;
pub mod metrics;
pub mod places;
