//! The mail server's store: one mailbox per user, in memory, shared by every listener,
//! with one byte budget for everything it holds and everything being received.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;

/// A user and their password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The local part mail is addressed to, and the login name.
    pub name: String,
    /// The password (PLAIN, LOGIN, CRAM-MD5, POP3 PASS and APOP).
    pub password: String,
}

impl User {
    /// Parses `NAME:PASSWORD`.
    pub fn parse(spec: &str) -> Option<User> {
        let (name, password) = spec.split_once(':')?;
        (!name.is_empty()).then(|| User {
            name: name.to_string(),
            password: password.to_string(),
        })
    }
}

/// One stored message: its exact bytes and a unique id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// A unique id (POP3 UIDL).
    pub uid: String,
    /// The message as the client sent it, after unstuffing.
    pub bytes: Bytes,
}

#[derive(Debug, Default)]
struct Inner {
    users: Vec<User>,
    boxes: HashMap<String, Vec<Message>>,
    next_uid: u64,
    /// Maildrops held by a POP3 session in the TRANSACTION state.
    locked: HashSet<String>,
    /// The byte budget: stored copies plus reservations for messages in flight.
    limit: u64,
    used: u64,
}

impl Inner {
    fn take(&mut self, n: u64) -> bool {
        match self.used.checked_add(n) {
            Some(used) if used <= self.limit => {
                self.used = used;
                true
            }
            _ => false,
        }
    }
}

/// The shared store; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
}

impl Store {
    /// A store with these users, empty mailboxes and no byte budget to speak of.
    pub fn new(users: Vec<User>) -> Self {
        Store::with_limit(users, u64::MAX)
    }

    /// A store that holds at most `limit` bytes: every stored copy of a message
    /// counts (a message for two users counts twice), and so does every message
    /// still being received, as far as it has come. What does not fit is refused.
    pub fn with_limit(users: Vec<User>, limit: u64) -> Self {
        let boxes = users.iter().map(|u| (u.name.clone(), Vec::new())).collect();
        Store {
            inner: Arc::new(Mutex::new(Inner {
                users,
                boxes,
                next_uid: 1,
                locked: HashSet::new(),
                limit,
                used: 0,
            })),
        }
    }

    /// Bytes of the budget in use: stored copies and reservations.
    pub fn used(&self) -> u64 {
        self.lock().used
    }

    /// An empty reservation, to grow as a message arrives; what it holds goes back
    /// to the budget when it is dropped undelivered.
    pub fn reservation(&self) -> Reservation {
        Reservation {
            store: self.clone(),
            bytes: 0,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // a panicking connection thread must not take the store down with it
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The first user given, who also receives mail for postmaster.
    pub fn first_user(&self) -> Option<User> {
        self.lock().users.first().cloned()
    }

    /// The user with this name (case-insensitive, as mail local parts usually are).
    pub fn user(&self, name: &str) -> Option<User> {
        self.lock()
            .users
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(name))
            .cloned()
    }

    /// Delivers `bytes` to each user, at once visible to every reader, paying for the
    /// copies with `reserved` (which must hold `bytes.len()`: it comes from the
    /// message's arrival) and the budget. `false`, and nothing stored, if the copies
    /// do not fit; the reservation is spent either way.
    pub fn deliver(&self, users: &[String], bytes: &Bytes, reserved: Reservation) -> bool {
        let mut reserved = reserved;
        let held = std::mem::take(&mut reserved.bytes);
        let mut inner = self.lock();
        let users: Vec<&String> = users
            .iter()
            .filter(|u| inner.boxes.contains_key(*u))
            .collect();
        let need = (bytes.len() as u64).saturating_mul(users.len() as u64);
        inner.used -= held;
        if !inner.take(need) {
            return false;
        }
        for user in users {
            let uid = format!("m{:08}", inner.next_uid);
            inner.next_uid += 1;
            if let Some(mailbox) = inner.boxes.get_mut(user) {
                mailbox.push(Message {
                    uid,
                    bytes: bytes.clone(),
                });
            }
        }
        true
    }

    /// The messages of a user, in arrival order.
    pub fn mailbox(&self, user: &str) -> Vec<Message> {
        self.lock().boxes.get(user).cloned().unwrap_or_default()
    }

    /// Removes these messages (by uid) from a user's mailbox, and gives their
    /// bytes back to the budget.
    pub fn delete(&self, user: &str, uids: &[String]) {
        let mut inner = self.lock();
        let mut freed = 0u64;
        if let Some(mailbox) = inner.boxes.get_mut(user) {
            mailbox.retain(|m| {
                let gone = uids.contains(&m.uid);
                if gone {
                    freed += m.bytes.len() as u64;
                }
                !gone
            });
        }
        inner.used -= freed;
    }

    /// Locks a user's maildrop for one session (RFC 1939 §4: exclusive access from
    /// the TRANSACTION state on); `None` if another session holds it. Dropping the
    /// lock releases it, however the session ended.
    pub fn lock_maildrop(&self, user: &str) -> Option<MaildropLock> {
        self.lock()
            .locked
            .insert(user.to_string())
            .then(|| MaildropLock {
                store: self.clone(),
                user: user.to_string(),
            })
    }
}

/// A user's maildrop held by one session; released on drop.
#[derive(Debug)]
pub struct MaildropLock {
    store: Store,
    user: String,
}

impl MaildropLock {
    /// The user whose maildrop this is.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl Drop for MaildropLock {
    fn drop(&mut self) {
        self.store.lock().locked.remove(&self.user);
    }
}

/// Budget held for a message being received (see [`Store::reservation`]).
#[derive(Debug)]
pub struct Reservation {
    store: Store,
    bytes: u64,
}

impl Reservation {
    /// Takes `n` more bytes from the store's budget; `false` (and nothing taken) if
    /// they do not fit.
    pub fn grow(&mut self, n: usize) -> bool {
        let ok = self.store.lock().take(n as u64);
        if ok {
            self.bytes += n as u64;
        }
        ok
    }

    /// Bytes held.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Gives everything held back to the budget.
    pub fn release(&mut self) {
        let held = std::mem::take(&mut self.bytes);
        if held > 0 {
            self.store.lock().used -= held;
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.release();
    }
}
