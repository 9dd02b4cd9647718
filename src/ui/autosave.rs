//! One autosave for every file the window writes (an annotator's file, a gold file): how
//! far the edits are ahead of the disk, the save under way, the stamp the file must still
//! have, and when to try again after a failure. Pure bookkeeping: the worker writes.

use std::time::Instant;

use super::clock::Timing;
use crate::io::store::FileStamp;

/// Where one file's saving stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Autosave {
    /// Edits made (counts up).
    pub revision: u64,
    /// The revision last written to disk.
    pub saved_revision: u64,
    /// The revision being written now, if a save is under way.
    pub in_flight: Option<u64>,
    /// When the oldest unsaved edit was made.
    pub dirty_since: Option<Instant>,
    /// Save at the next chance, without the usual delay (leaving a document, Ctrl+S).
    pub urgent: bool,
    /// Why the last save failed, if it did.
    pub error: Option<String>,
    /// When to try again after a failure.
    pub retry_at: Option<Instant>,
    /// The file's stamp as last read or written (`None`: no file).
    pub stamp: FileStamp,
    /// When the file was last checked for changes made elsewhere.
    pub checked_at: Option<Instant>,
}

impl Autosave {
    /// A clean autosave for a file that had `stamp`.
    pub fn new(stamp: FileStamp) -> Self {
        Self {
            stamp,
            ..Self::default()
        }
    }

    /// Whether there are edits not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Whether everything is on disk and nothing is being written.
    pub fn is_settled(&self) -> bool {
        !self.is_dirty() && self.in_flight.is_none()
    }

    /// An edit was made at `now`.
    pub fn edited(&mut self, now: Instant) {
        self.revision += 1;
        self.dirty_since.get_or_insert(now);
    }

    /// Save as soon as possible: no delay, no waiting for a retry.
    pub fn hurry(&mut self) {
        if self.is_dirty() {
            self.urgent = true;
            self.retry_at = None;
        }
    }

    /// When the next save should start: `None` when clean or a save is under way.
    pub fn due(&self, timing: &Timing) -> Option<Instant> {
        if !self.is_dirty() || self.in_flight.is_some() {
            return None;
        }
        let since = self.dirty_since?;
        let due = if self.urgent {
            since
        } else {
            since + timing.save_delay
        };
        Some(self.retry_at.map_or(due, |r| r.max(due)))
    }

    /// A save of the current revision starts; returns that revision.
    pub fn start(&mut self) -> u64 {
        self.in_flight = Some(self.revision);
        self.revision
    }

    /// The save of `revision` wrote the file, which now has `stamp`.
    pub fn saved(&mut self, revision: u64, stamp: FileStamp) {
        self.in_flight = None;
        self.stamp = stamp;
        // A save that was under way when the edits were abandoned writes no newer ones.
        self.saved_revision = self.saved_revision.max(revision);
        self.error = None;
        self.retry_at = None;
        if self.is_dirty() {
            // Edits made while it was being written: they wait their usual delay.
            self.urgent = false;
        } else {
            self.dirty_since = None;
            self.urgent = false;
        }
    }

    /// The save failed at `now` because of `error`; it is tried again after the retry
    /// delay, never at once.
    pub fn failed(&mut self, error: String, now: Instant, timing: &Timing) {
        self.in_flight = None;
        self.error = Some(error);
        self.retry_at = Some(now + timing.retry_delay);
    }

    /// The edits not on disk are given up: the user discarded them or had them written
    /// elsewhere. Nothing is left to save.
    pub fn abandon(&mut self) {
        self.saved_revision = self.revision;
        self.in_flight = None;
        self.dirty_since = None;
        self.urgent = false;
        self.error = None;
        self.retry_at = None;
    }

    /// Whether the file is due a check for changes made elsewhere.
    pub fn check_due(&self, now: Instant, timing: &Timing) -> bool {
        self.in_flight.is_none()
            && self
                .checked_at
                .is_none_or(|t| t + timing.check_every <= now)
    }

    /// When the next check is due.
    pub fn next_check(&self, now: Instant, timing: &Timing) -> Instant {
        self.checked_at.map_or(now, |t| t + timing.check_every)
    }

    /// The user chose to keep their version over the file's: it becomes the stamp the
    /// next save expects, and that save goes now.
    pub fn overwrite(&mut self, theirs: FileStamp, now: Instant) {
        self.stamp = theirs;
        self.checked_at = None;
        self.error = None;
        self.retry_at = None;
        self.dirty_since.get_or_insert(now);
        if !self.is_dirty() {
            // Nothing newer than the file here, yet the user wants theirs written.
            self.revision += 1;
        }
        self.urgent = true;
    }

    /// The file's version was loaded in place of the edits: all is on disk.
    pub fn reloaded(&mut self, stamp: FileStamp) {
        *self = Self {
            revision: self.revision,
            saved_revision: self.revision,
            ..Self::new(stamp)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn timing() -> Timing {
        Timing {
            save_delay: Duration::from_millis(700),
            retry_delay: Duration::from_secs(2),
            check_every: Duration::from_secs(2),
            exit_wait: Duration::from_secs(1),
        }
    }

    #[test]
    fn abandoned_edits_leave_nothing_to_save_even_when_a_late_save_answers() {
        let t0 = Instant::now();
        let t = timing();
        let mut save = Autosave::new(None);
        save.edited(t0);
        let first = save.start();
        save.edited(t0);
        save.failed("disk full".into(), t0, &t);
        save.abandon();
        assert!(save.is_settled());
        assert_eq!((save.error.clone(), save.due(&t)), (None, None));
        save.saved(first, Some("abc".into()));
        assert!(
            save.is_settled(),
            "a late save of an older revision is not new work"
        );
    }

    #[test]
    fn an_edit_is_due_after_the_delay_and_a_failure_after_the_retry_delay() {
        let t0 = Instant::now();
        let t = timing();
        let mut save = Autosave::new(None);
        assert_eq!(save.due(&t), None);
        save.edited(t0);
        save.edited(t0 + Duration::from_millis(300));
        assert_eq!(save.due(&t), Some(t0 + Duration::from_millis(700)));
        assert_eq!(save.start(), 2);
        assert_eq!(save.due(&t), None, "one save at a time");
        let failed_at = t0 + Duration::from_millis(800);
        save.failed("disk full".into(), failed_at, &t);
        assert_eq!(save.due(&t), Some(failed_at + Duration::from_secs(2)));
        save.hurry();
        assert_eq!(save.due(&t), Some(t0));
        save.start();
        save.saved(2, Some("abc".into()));
        assert!(save.is_settled());
        assert_eq!(save.error, None);
        assert_eq!(save.stamp.as_deref(), Some("abc"));
    }

    #[test]
    fn edits_made_during_a_save_stay_dirty() {
        let t0 = Instant::now();
        let t = timing();
        let mut save = Autosave::new(None);
        save.edited(t0);
        let revision = save.start();
        save.edited(t0 + Duration::from_millis(100));
        save.saved(revision, Some("s".into()));
        assert!(save.is_dirty());
        assert_eq!(save.due(&t), Some(t0 + Duration::from_millis(700)));
    }
}
