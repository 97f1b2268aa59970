//! The replies the client waits for, in order, and the timer of the first one.
//!
//! Each awaited reply remembers where its command ends in the output stream. Its
//! timer starts when those bytes have been handed out by `poll_transmit` and the
//! reply before it has arrived (RFC 5321 §4.5.3.2: the client waits per command,
//! and a pipelined server answers in order), and a reply that arrives before its
//! command has left is a protocol violation.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use mail_proto_core::Timer;

use super::ClientConfig;
use crate::types::HelloKind;

/// What a reply answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    Greeting,
    Hello(HelloKind),
    StartTls,
    Auth,
    Mail,
    Rcpt(usize),
    Data,
    DataEnd,
    Bdat,
    BdatLast,
    Rset,
    Quit,
    /// VRFY, EXPN, HELP or NOOP, by verb.
    Query(&'static str),
}

impl Expect {
    /// What the client waited for, for a timeout error.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Expect::Greeting => "the greeting",
            Expect::Data => "the DATA reply",
            Expect::DataEnd | Expect::BdatLast => "the end-of-data reply",
            Expect::Bdat => "a BDAT reply",
            _ => "a reply",
        }
    }

    /// True if the reply to this command, under PIPELINING, never makes the client
    /// send anything but an RSET (which it skips once QUIT is on its way), so QUIT
    /// may follow it at once.
    pub(super) fn quit_may_follow(self) -> bool {
        matches!(
            self,
            Expect::Mail
                | Expect::Rcpt(_)
                | Expect::Bdat
                | Expect::BdatLast
                | Expect::DataEnd
                | Expect::Rset
        )
    }
}

/// The RFC 5321 §4.5.3.2 waits, copied from the configuration.
#[derive(Debug, Clone, Copy)]
struct Waits {
    greeting: Option<Duration>,
    command: Option<Duration>,
    data_init: Option<Duration>,
    data_end: Option<Duration>,
}

impl Waits {
    fn of(&self, expect: Expect) -> Option<Duration> {
        match expect {
            Expect::Greeting => self.greeting,
            Expect::Data => self.data_init,
            Expect::DataEnd | Expect::BdatLast => self.data_end,
            _ => self.command,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Awaited {
    expect: Expect,
    /// Output offset just past the command's last byte.
    end: u64,
}

/// The awaited replies and the timer of the first.
#[derive(Debug)]
pub(super) struct Pending {
    queue: VecDeque<Awaited>,
    waits: Waits,
    timer: Timer,
    /// The first entry's timer has been started (it may since have fired).
    started: bool,
}

impl Pending {
    /// Waiting for the greeting, its timer running from `now`.
    pub(super) fn new(config: &ClientConfig, now: Instant) -> Self {
        let mut p = Pending {
            queue: VecDeque::new(),
            waits: Waits {
                greeting: config.greeting_timeout,
                command: config.command_timeout,
                data_init: config.data_init_timeout,
                data_end: config.data_end_timeout,
            },
            timer: Timer::new(),
            started: false,
        };
        p.push(Expect::Greeting, 0);
        p.start(now, 0);
        p
    }

    /// Awaits the reply to a command whose bytes end at output offset `end`.
    pub(super) fn push(&mut self, expect: Expect, end: u64) {
        self.queue.push_back(Awaited { expect, end });
    }

    /// The command the next reply answers, and whether it has been sent by the time
    /// `bytes_out` bytes have left.
    pub(super) fn front(&self, bytes_out: u64) -> Option<(Expect, bool)> {
        self.queue.front().map(|a| (a.expect, a.end <= bytes_out))
    }

    /// Takes the first entry (its reply arrived at `now`) and starts the next one's
    /// timer if its command has left.
    pub(super) fn pop(&mut self, now: Instant, bytes_out: u64) -> Option<Expect> {
        let first = self.queue.pop_front()?;
        self.started = false;
        self.timer.disarm();
        self.start(now, bytes_out);
        Some(first.expect)
    }

    /// Puts an entry back first, its timer restarted at `now`: the same command has
    /// more replies to come (LMTP's one per recipient).
    pub(super) fn again(&mut self, expect: Expect, now: Instant) {
        self.queue.push_front(Awaited { expect, end: 0 });
        self.started = false;
        self.start(now, 0);
    }

    /// Output went out: `bytes_out` in total by `now`.
    pub(super) fn on_transmit(&mut self, now: Instant, bytes_out: u64) {
        self.start(now, bytes_out);
    }

    fn start(&mut self, now: Instant, bytes_out: u64) {
        if self.started {
            return;
        }
        if let Some(a) = self.queue.front().filter(|a| a.end <= bytes_out) {
            self.timer.arm(now, self.waits.of(a.expect));
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

    /// True if no reply is awaited.
    pub(super) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// True if every awaited reply lets a QUIT follow under PIPELINING.
    pub(super) fn quit_may_follow(&self) -> bool {
        self.queue.iter().all(|a| a.expect.quit_may_follow())
    }

    /// Forgets everything (the session is over).
    pub(super) fn clear(&mut self) {
        self.queue.clear();
        self.timer.disarm();
        self.started = false;
    }
}
