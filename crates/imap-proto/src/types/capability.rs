//! Capabilities: `capability = ("AUTH=" auth-type) / atom` (RFC 9051 §7.2.2).

use super::core::Atom;

/// One capability.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `IMAP4rev1`
    Imap4Rev1,
    /// `IMAP4rev2`
    Imap4Rev2,
    /// `AUTH=` mechanism.
    Auth(Atom<'a>),
    /// Any other capability, such as `IDLE` or `LITERAL+`.
    Other(Atom<'a>),
}

impl<'a> Capability<'a> {
    /// Classifies an atom.
    pub fn from_atom(a: Atom<'a>) -> Self {
        if a.eq_ignore_case("IMAP4rev1") {
            return Capability::Imap4Rev1;
        }
        if a.eq_ignore_case("IMAP4rev2") {
            return Capability::Imap4Rev2;
        }
        let s = a.as_str();
        if let (Some(prefix), Some(mech)) = (s.get(..5), s.get(5..)) {
            if prefix.eq_ignore_ascii_case("AUTH=") && !mech.is_empty() {
                if let Ok(m) = Atom::new(mech.to_string()) {
                    return Capability::Auth(m);
                }
            }
        }
        Capability::Other(a)
    }

    /// True if this is `name` (any case); `AUTH=PLAIN` matches `"AUTH=PLAIN"`.
    pub fn is(&self, name: &str) -> bool {
        match self {
            Capability::Imap4Rev1 => name.eq_ignore_ascii_case("IMAP4rev1"),
            Capability::Imap4Rev2 => name.eq_ignore_ascii_case("IMAP4rev2"),
            Capability::Auth(m) => {
                name.get(..5)
                    .is_some_and(|p| p.eq_ignore_ascii_case("AUTH="))
                    && name.get(5..).is_some_and(|r| m.eq_ignore_case(r))
            }
            Capability::Other(a) => a.eq_ignore_case(name),
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Capability::Imap4Rev1 => Capability::Imap4Rev1,
            Capability::Imap4Rev2 => Capability::Imap4Rev2,
            Capability::Auth(a) => Capability::Auth(a.into_owned()),
            Capability::Other(a) => Capability::Other(a.into_owned()),
        }
    }
}
