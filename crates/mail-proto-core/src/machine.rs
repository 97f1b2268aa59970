//! The skeleton every protocol state machine shares.
//!
//! A machine takes input bytes (split anywhere), turns them into events one step at a
//! time, queues output, and keeps a sticky fatal error. [`Core`] holds those parts
//! once, so the SMTP, POP3 and IMAP clients and servers differ only in their protocol
//! logic:
//!
//! - [`Core::receive`] appends input (refusing after a fatal error or once closed);
//! - [`Core::poll_event`] is the drain loop: queued events first, then the fatal
//!   error once, then one protocol step at a time until the step says it cannot go
//!   on (waiting for input, or for the application's answer);
//! - [`Core::send`] queues output and [`Core::poll_transmit`] hands it out as
//!   `Bytes`, in order, with counters; [`Core::queued_output`] is what a run loop
//!   reads for back-pressure.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};

use crate::sticky::Sticky;

/// Input, events, output and the sticky error of one connection.
#[derive(Debug)]
pub struct Core<Ev, Er> {
    /// Input received and not yet consumed by the protocol logic.
    pub input: BytesMut,
    events: VecDeque<Ev>,
    out: BytesMut,
    queued: VecDeque<Bytes>,
    queued_len: usize,
    fatal: Sticky<Er>,
    closed: bool,
    bytes_in: u64,
    bytes_out: u64,
    /// Input taken since `poll_event` last ran.
    unpolled: u64,
}

impl<Ev, Er: Clone> Default for Core<Ev, Er> {
    fn default() -> Self {
        Self::new()
    }
}

impl<Ev, Er: Clone> Core<Ev, Er> {
    /// An empty connection.
    pub fn new() -> Self {
        Core {
            input: BytesMut::new(),
            events: VecDeque::new(),
            out: BytesMut::new(),
            queued: VecDeque::new(),
            queued_len: 0,
            fatal: Sticky::new(),
            closed: false,
            bytes_in: 0,
            bytes_out: 0,
            unpolled: 0,
        }
    }

    /// Appends input. The sticky error comes back once one is set; after
    /// [`close`](Self::close) input is dropped.
    pub fn receive(&mut self, bytes: &[u8]) -> Result<(), Er> {
        self.fatal.check()?;
        if !self.closed {
            self.bytes_in += bytes.len() as u64;
            self.unpolled += bytes.len() as u64;
            self.input.extend_from_slice(bytes);
        }
        Ok(())
    }

    /// Bytes of input taken (by [`receive`](Self::receive) or
    /// [`count_input`](Self::count_input)) since [`poll_event`](Self::poll_event)
    /// last ran: what a client compares with its limit, so that an application
    /// that reads without ever polling cannot grow the buffers without bound.
    pub fn unpolled_input(&self) -> u64 {
        self.unpolled
    }

    /// Counts `len` bytes of input that the protocol logic read straight from the
    /// caller's bytes (a payload unstuffed as it arrives) instead of appending them
    /// to [`input`](Self::input) first, so [`bytes_in`](Self::bytes_in) and the
    /// stream offsets stay right.
    pub fn count_input(&mut self, len: usize) {
        self.bytes_in += len as u64;
        self.unpolled += len as u64;
    }

    /// The drain loop of `poll_event`: a queued event, else the fatal error once, else
    /// `step` until it returns `false` (it needs input or an answer) or queues an
    /// event. `step` gets the core and must make progress whenever it returns `true`.
    #[must_use]
    pub fn poll_event<M>(
        machine: &mut M,
        core: impl Fn(&mut M) -> &mut Self,
        mut step: impl FnMut(&mut M) -> bool,
    ) -> Option<Result<Ev, Er>> {
        core(machine).unpolled = 0;
        loop {
            let c = core(machine);
            if let Some(e) = c.events.pop_front() {
                return Some(Ok(e));
            }
            if c.fatal.is_set() {
                return c.fatal.poll().map(Err);
            }
            if c.closed && c.input.is_empty() {
                return None;
            }
            if !step(machine) {
                return core(machine).events.pop_front().map(Ok);
            }
        }
    }

    /// Queues an event for the application.
    pub fn push_event(&mut self, event: Ev) {
        self.events.push_back(event);
    }

    /// True if events are waiting.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// Records a fatal error (the first wins) and closes the connection.
    pub fn fail(&mut self, error: Er) {
        self.fatal.set(error);
        self.closed = true;
    }

    /// `Err` with the sticky error on every call once one is set.
    pub fn check(&self) -> Result<(), Er> {
        self.fatal.check()
    }

    /// True once a fatal error is set.
    pub fn is_failed(&self) -> bool {
        self.fatal.is_set()
    }

    /// Ends the session: later input is dropped; queued output still goes out.
    pub fn close(&mut self) {
        self.closed = true;
        self.input.clear();
    }

    /// True once the session is over.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The output buffer to encode into; it is sent in order with [`send_bytes`](Self::send_bytes).
    pub fn out(&mut self) -> &mut BytesMut {
        &mut self.out
    }

    /// Queues bytes to send.
    pub fn send(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    /// Queues a payload without copying it, after everything queued so far.
    pub fn send_bytes(&mut self, bytes: Bytes) {
        self.seal();
        if !bytes.is_empty() {
            self.queued_len += bytes.len();
            self.queued.push_back(bytes);
        }
    }

    fn seal(&mut self) {
        if !self.out.is_empty() {
            let b = self.out.split().freeze();
            self.queued_len += b.len();
            self.queued.push_back(b);
        }
    }

    /// The next bytes to write, in order.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Bytes> {
        self.seal();
        let first = self.queued.pop_front()?;
        self.queued_len -= first.len();
        self.bytes_out += first.len() as u64;
        Some(first)
    }

    /// Bytes queued and not yet handed out by [`poll_transmit`](Self::poll_transmit):
    /// the run loop's back-pressure signal.
    pub fn queued_output(&self) -> usize {
        self.queued_len + self.out.len()
    }

    /// Bytes received so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Bytes handed out by [`poll_transmit`](Self::poll_transmit) so far.
    pub fn bytes_out(&self) -> u64 {
        self.bytes_out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo {
        core: Core<String, &'static str>,
        steps: usize,
    }

    fn step(m: &mut Echo) -> bool {
        m.steps += 1;
        let Some(pos) = m.core.input.iter().position(|&b| b == b'\n') else {
            return false;
        };
        let line = m.core.input.split_to(pos + 1);
        if &line[..] == b"boom\n" {
            m.core.fail("boom");
            return true;
        }
        m.core.send(&line);
        m.core
            .push_event(String::from_utf8_lossy(&line[..pos]).into_owned());
        true
    }

    #[test]
    fn drain_loop_events_then_sticky_error_once() {
        let mut m = Echo {
            core: Core::new(),
            steps: 0,
        };
        m.core.receive(b"a\nb\nboo").unwrap();
        let mut got = Vec::new();
        while let Some(e) = Core::poll_event(&mut m, |m| &mut m.core, step) {
            got.push(e);
        }
        assert_eq!(got, vec![Ok("a".to_string()), Ok("b".to_string())]);
        m.core.receive(b"m\nc\n").unwrap();
        let mut got = Vec::new();
        while let Some(e) = Core::poll_event(&mut m, |m| &mut m.core, step) {
            got.push(e);
        }
        assert_eq!(got, vec![Err("boom")]);
        assert_eq!(m.core.receive(b"x"), Err("boom"));
        assert!(m.core.is_closed());
        assert_eq!(m.core.queued_output(), 4);
        m.core.send_bytes(Bytes::from_static(b"tail"));
        let mut out = Vec::new();
        while let Some(b) = m.core.poll_transmit() {
            out.extend_from_slice(&b);
        }
        assert_eq!(out, b"a\nb\ntail");
        assert_eq!(m.core.bytes_out(), 8);
        assert_eq!(m.core.queued_output(), 0);
    }
}
