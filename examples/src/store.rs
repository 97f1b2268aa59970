//! The mail server's store: one mailbox per user, in memory, shared by every listener.

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
}

/// The shared store; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Store {
    inner: Arc<Mutex<Inner>>,
}

impl Store {
    /// A store with these users and empty mailboxes.
    pub fn new(users: Vec<User>) -> Self {
        let boxes = users.iter().map(|u| (u.name.clone(), Vec::new())).collect();
        Store {
            inner: Arc::new(Mutex::new(Inner {
                users,
                boxes,
                next_uid: 1,
                locked: HashSet::new(),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // a panicking connection thread must not take the store down with it
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The user with this name (case-insensitive, as mail local parts usually are).
    pub fn user(&self, name: &str) -> Option<User> {
        self.lock()
            .users
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(name))
            .cloned()
    }

    /// Delivers `bytes` to each user, at once visible to every reader.
    pub fn deliver(&self, users: &[String], bytes: &Bytes) {
        let mut inner = self.lock();
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
    }

    /// The messages of a user, in arrival order.
    pub fn mailbox(&self, user: &str) -> Vec<Message> {
        self.lock().boxes.get(user).cloned().unwrap_or_default()
    }

    /// Removes these messages (by uid) from a user's mailbox.
    pub fn delete(&self, user: &str, uids: &[String]) {
        if let Some(mailbox) = self.lock().boxes.get_mut(user) {
            mailbox.retain(|m| !uids.contains(&m.uid));
        }
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
