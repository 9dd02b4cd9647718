//! Time as an input: the window asks a [`Clock`] what time it is, and takes its delays
//! from [`Timing`], so that tests drive time instead of sleeping.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Where the window reads the time.
pub trait Clock: Send + Sync {
    /// The time now.
    fn now(&self) -> Instant;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that moves only when told to (tests). Clones share the same time.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<Instant>>);

impl Default for ManualClock {
    fn default() -> Self {
        Self(Arc::new(Mutex::new(Instant::now())))
    }
}

impl ManualClock {
    /// Moves the time forward by `by`.
    pub fn advance(&self, by: Duration) {
        // A poisoned lock still holds a valid Instant.
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The delays of saving and checking files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// How long after the last edit a save starts.
    pub save_delay: Duration,
    /// How long to wait before trying a failed save again.
    pub retry_delay: Duration,
    /// How often an open file is checked for changes made elsewhere.
    pub check_every: Duration,
    /// How long closing the window (or switching corpus) waits for writes under way.
    pub exit_wait: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            save_delay: Duration::from_millis(700),
            retry_delay: Duration::from_secs(2),
            check_every: Duration::from_secs(2),
            exit_wait: Duration::from_secs(10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = ManualClock::default();
        let other = clock.clone();
        let t0 = clock.now();
        assert_eq!(clock.now(), t0);
        other.advance(Duration::from_millis(1500));
        assert_eq!(clock.now() - t0, Duration::from_millis(1500));
    }
}
