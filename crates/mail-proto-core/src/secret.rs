//! Secrets whose `Debug` never shows them.

/// A password, token or digest. `Debug` prints `Secret(<redacted>)`, so logging an
/// event or a credential never leaks it; [`expose`](Self::expose) gives the value to
/// the code that checks it, and [`matches`](Self::matches) checks a value against it
/// in constant time. `==` between two secrets is constant-time too.
#[derive(Clone, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True if `candidate` is this secret. The comparison looks at every byte
    /// whatever differs, so its time tells an attacker nothing but the length: check a
    /// password with this, not `expose() == candidate`.
    pub fn matches(&self, candidate: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), candidate.as_bytes())
    }

    /// The secret, unwrapped.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty secret.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Constant-time, as [`Secret::matches`].
impl PartialEq for Secret {
    fn eq(&self, other: &Secret) -> bool {
        self.matches(other.expose())
    }
}

/// Compares two byte strings without stopping at the first difference (only a
/// difference in length returns early).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert!(!format!("{:?}", Some(&s)).contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn matches_and_eq_compare_every_byte_and_the_length() {
        let s = Secret::new("hunter2");
        assert!(s.matches("hunter2"));
        for other in ["hunter3", "Hunter2", "hunter", "hunter22", ""] {
            assert!(!s.matches(other), "{other}");
            assert_ne!(s, Secret::new(other));
        }
        assert_eq!(s, Secret::from("hunter2"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"a", b"b"));
    }
}
