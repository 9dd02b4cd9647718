//! The analysis of annotations, with no I/O: where several annotators disagree
//! ([`places`]), how much they agree ([`metrics`], [`agreement`]), adjudicating their
//! work into gold ([`adjudicate`], [`gold`]), and corpus figures ([`stats`]).

pub mod adjudicate;
pub mod agreement;
#[cfg(test)]
mod agreement_oracle;
pub mod gold;
pub mod metrics;
pub mod names;
pub mod places;
pub mod stats;
mod sweep;
