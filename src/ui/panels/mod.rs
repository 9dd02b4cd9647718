//! The window's panels: each draws from the state (never the app) and returns commands;
//! a panel with state of its own (the corpus filter) is a struct that owns it.

pub mod agreement;
pub mod corpus;
pub mod dialogs;
pub mod document;
pub mod find;
pub mod occurrences;
pub mod review;
pub mod search;
pub mod spans;
pub mod status;
pub mod toolbar;
pub mod transfer;
