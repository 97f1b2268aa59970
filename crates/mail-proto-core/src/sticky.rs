//! Sticky fatal errors for the state machines.
//!
//! Once a connection has failed, every later call must say so again (as rustls does),
//! while an event loop that drains `poll_event` until `None` must still end: the error
//! comes out of `poll` once, and out of [`Sticky::check`] on every call.

/// A fatal error that, once set, stays.
#[derive(Debug, Clone, Default)]
pub struct Sticky<E> {
    error: Option<E>,
    polled: bool,
}

impl<E: Clone> Sticky<E> {
    /// No error yet.
    pub fn new() -> Self {
        Sticky {
            error: None,
            polled: false,
        }
    }

    /// Records the error; the first one wins.
    pub fn set(&mut self, error: E) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// True once an error is set.
    pub fn is_set(&self) -> bool {
        self.error.is_some()
    }

    /// `Err` with the error on every call once it is set.
    pub fn check(&self) -> Result<(), E> {
        match &self.error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// The error the first time it is asked for after being set, then `None`: for
    /// `poll_event`, so a drain loop ends.
    pub fn poll(&mut self) -> Option<E> {
        if self.polled {
            return None;
        }
        let e = self.error.clone()?;
        self.polled = true;
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_once_by_poll_and_always_by_check() {
        let mut s: Sticky<&str> = Sticky::new();
        assert_eq!(s.poll(), None);
        assert!(s.check().is_ok());
        s.set("first");
        s.set("second");
        assert_eq!(s.poll(), Some("first"));
        assert_eq!(s.poll(), None);
        assert_eq!(s.check(), Err("first"));
        assert_eq!(s.check(), Err("first"));
    }
}
