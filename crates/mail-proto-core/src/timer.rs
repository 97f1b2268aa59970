//! Deadlines for the state machines' timers.
//!
//! Every machine takes `now` with its input and keeps its deadlines here. A deadline
//! is computed with `checked_add`, so no configured duration can panic: one that
//! overflows `Instant` (such as `Duration::MAX`) means "never".

use std::time::{Duration, Instant};

/// One timer: armed at a deadline, or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timer {
    deadline: Option<Instant>,
}

impl Timer {
    /// A timer that is not armed.
    pub fn new() -> Self {
        Timer { deadline: None }
    }

    /// Arms the timer to fire `after` from `now`; `None`, or a duration past what
    /// `Instant` can hold, disarms it.
    pub fn arm(&mut self, now: Instant, after: Option<Duration>) {
        self.deadline = after.and_then(|d| now.checked_add(d));
    }

    /// Disarms the timer.
    pub fn disarm(&mut self) {
        self.deadline = None;
    }

    /// The deadline, if armed.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// True if armed.
    pub fn is_armed(&self) -> bool {
        self.deadline.is_some()
    }

    /// True once, when `now` has reached the deadline; the timer is then disarmed, so
    /// a second call (a spurious or repeated `handle_timeout`) does nothing.
    pub fn check(&mut self, now: Instant) -> bool {
        match self.deadline {
            Some(d) if now >= d => {
                self.deadline = None;
                true
            }
            _ => false,
        }
    }
}

/// The earliest of some deadlines.
pub fn earliest(deadlines: impl IntoIterator<Item = Option<Instant>>) -> Option<Instant> {
    deadlines.into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_once_and_never_overflows() {
        let now = Instant::now();
        let mut t = Timer::new();
        t.arm(now, Some(Duration::MAX));
        assert!(!t.is_armed(), "Duration::MAX means never, not a panic");
        t.arm(now, Some(Duration::from_secs(5)));
        assert!(!t.check(now + Duration::from_secs(4)));
        assert!(t.check(now + Duration::from_secs(5)));
        assert!(!t.check(now + Duration::from_secs(6)), "fires once");
        t.arm(now, None);
        assert_eq!(t.deadline(), None);
        assert_eq!(
            earliest([None, Some(now + Duration::from_secs(2)), Some(now)]),
            Some(now)
        );
    }
}
