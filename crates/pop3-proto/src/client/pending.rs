//! The responses the client waits for, in order, and the timer of the first one.
//!
//! Each awaited response remembers where its command ends in the output stream. Its
//! timer starts when those bytes have been handed out by `poll_transmit` and the
//! response before it has arrived (a pipelining server answers in order, RFC 2449
//! §6.6); a response that arrives before its command has left is a protocol
//! violation.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_proto_core::Timer;

use super::Request;

/// What a response answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Greeting,
    Command(Request),
}

impl Expect {
    /// What the client waited for, for a timeout error.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Expect::Greeting => "the greeting",
            Expect::Command(r) if r.multi_line() => "a multi-line response",
            Expect::Command(_) => "a response",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Awaited {
    expect: Expect,
    /// Output offset just past the command's last byte.
    end: u64,
}

/// The awaited responses and the timer of the first.
#[derive(Debug)]
pub(super) struct Pending {
    queue: VecDeque<Awaited>,
    greeting_wait: Option<Duration>,
    response_wait: Option<Duration>,
    timer: Timer,
    /// The first entry's timer has been started (it may since have fired).
    started: bool,
}

impl Pending {
    /// Waiting for the greeting, its timer running from `now`.
    pub(super) fn new(
        greeting: Option<Duration>,
        response: Option<Duration>,
        now: Instant,
    ) -> Self {
        let mut p = Pending {
            queue: VecDeque::new(),
            greeting_wait: greeting,
            response_wait: response,
            timer: Timer::new(),
            started: false,
        };
        p.push(Expect::Greeting, 0);
        p.start(now, 0);
        p
    }

    fn wait(&self, expect: Expect) -> Option<Duration> {
        match expect {
            Expect::Greeting => self.greeting_wait,
            Expect::Command(_) => self.response_wait,
        }
    }

    /// Awaits the response to a command whose bytes end at output offset `end`.
    pub(super) fn push(&mut self, expect: Expect, end: u64) {
        self.queue.push_back(Awaited { expect, end });
    }

    /// The command the next response answers, and whether it has been sent by the
    /// time `bytes_out` bytes have left.
    pub(super) fn front(&self, bytes_out: u64) -> Option<(Expect, bool)> {
        self.queue.front().map(|a| (a.expect, a.end <= bytes_out))
    }

    /// Takes the first entry (its response arrived at `now`) and starts the next
    /// one's timer if its command has left.
    pub(super) fn pop(&mut self, now: Instant, bytes_out: u64) -> Option<Expect> {
        let first = self.queue.pop_front()?;
        self.started = false;
        self.timer.disarm();
        self.start(now, bytes_out);
        Some(first.expect)
    }

    /// Output went out: `bytes_out` in total by `now`.
    pub(super) fn on_transmit(&mut self, now: Instant, bytes_out: u64) {
        self.start(now, bytes_out);
    }

    /// The server is still sending (a multi-line body): the first entry's wait
    /// starts over at `now`.
    pub(super) fn touch(&mut self, now: Instant) {
        if self.started && self.timer.is_armed() {
            if let Some(a) = self.queue.front() {
                self.timer.arm(now, self.wait(a.expect));
            }
        }
    }

    fn start(&mut self, now: Instant, bytes_out: u64) {
        if self.started {
            return;
        }
        if let Some(a) = self.queue.front().filter(|a| a.end <= bytes_out) {
            self.timer.arm(now, self.wait(a.expect));
            self.started = true;
        }
    }

    /// The first entry, if its timer fired by `now` (once).
    pub(super) fn expired(&mut self, now: Instant) -> Option<Expect> {
        if self.timer.check(now) {
            self.queue.front().map(|a| a.expect)
        } else {
            None
        }
    }

    /// When the first entry's timer fires.
    pub(super) fn deadline(&self) -> Option<Instant> {
        self.timer.deadline()
    }

    /// True if no response is awaited.
    pub(super) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Responses awaited.
    pub(super) fn len(&self) -> usize {
        self.queue.len()
    }

    /// True if an awaited command lets nothing follow it on the wire.
    pub(super) fn has_barrier(&self) -> bool {
        self.queue
            .iter()
            .any(|a| matches!(a.expect, Expect::Command(r) if r.is_barrier()))
    }

    /// True if `f` holds for an awaited command.
    pub(super) fn any(&self, f: impl Fn(Request) -> bool) -> bool {
        self.queue
            .iter()
            .any(|a| matches!(a.expect, Expect::Command(r) if f(r)))
    }

    /// Forgets everything (the session is over).
    pub(super) fn clear(&mut self) {
        self.queue.clear();
        self.timer.disarm();
        self.started = false;
    }
}
