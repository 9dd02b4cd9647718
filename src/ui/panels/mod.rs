//! The window's panels; each draws from the app's state and returns commands.

pub mod agreement;
pub mod corpus;
pub mod dialogs;
pub mod review;
pub mod spans;
pub mod status;
pub mod toolbar;
pub mod transfer;
