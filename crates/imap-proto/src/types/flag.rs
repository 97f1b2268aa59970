//! Message flags (RFC 9051 §2.3.2) and mailbox name attributes (§7.3.1, RFC 6154).

use super::core::Atom;

/// `flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword /
/// flag-extension`
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Flag<'a> {
    /// `\Answered`
    Answered,
    /// `\Flagged`
    Flagged,
    /// `\Deleted`
    Deleted,
    /// `\Seen`
    Seen,
    /// `\Draft`
    Draft,
    /// `flag-keyword = atom` such as `$MDNSent` or `$Junk`.
    ///
    /// An atom has no quoted form, so a keyword read under
    /// [`Lenient::loose_atoms`](crate::Lenient) with bytes outside `ATOM-CHAR`
    /// (Gmail's `OIB-Seen-[Gmail]/Trash`) has no strict form at all: the encoder
    /// writes it back as it was read, in FLAGS, PERMANENTFLAGS, FETCH FLAGS and STORE
    /// alike, and only a lenient parser reads that again (the strict one refuses it at
    /// the `]`). [`Atom::is_strict`] tells such keywords apart; [`Atom::new`] never
    /// builds one, so only re-sent parsed values carry them.
    Keyword(Atom<'a>),
    /// `flag-extension = "\" atom`, the atom without the backslash.
    Extension(Atom<'a>),
}

impl<'a> Flag<'a> {
    /// The system flag named `name` (without `\`, any case), else an extension flag.
    pub fn system_or_extension(name: Atom<'a>) -> Self {
        // by length first: one comparison at most, none for most keywords
        let system = match name.as_str().len() {
            4 => ("Seen", Flag::Seen),
            5 => ("Draft", Flag::Draft),
            7 if name.eq_ignore_case("Flagged") => return Flag::Flagged,
            7 => ("Deleted", Flag::Deleted),
            8 => ("Answered", Flag::Answered),
            _ => return Flag::Extension(name),
        };
        if name.eq_ignore_case(system.0) {
            return system.1;
        }
        Flag::Extension(name)
    }

    /// The name of a system flag, without `\`.
    pub(crate) fn system_name(&self) -> Option<&'static str> {
        Some(match self {
            Flag::Answered => "Answered",
            Flag::Flagged => "Flagged",
            Flag::Deleted => "Deleted",
            Flag::Seen => "Seen",
            Flag::Draft => "Draft",
            _ => return None,
        })
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Flag<'static> {
        match self {
            Flag::Answered => Flag::Answered,
            Flag::Flagged => Flag::Flagged,
            Flag::Deleted => Flag::Deleted,
            Flag::Seen => Flag::Seen,
            Flag::Draft => Flag::Draft,
            Flag::Keyword(a) => Flag::Keyword(a.into_owned()),
            Flag::Extension(a) => Flag::Extension(a.into_owned()),
        }
    }
}

/// `flag-fetch = flag / "\Recent"`: a flag in a FETCH response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagFetch<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\Recent` (IMAP4rev1 only).
    Recent,
}

impl FlagFetch<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> FlagFetch<'static> {
        match self {
            FlagFetch::Flag(f) => FlagFetch::Flag(f.into_owned()),
            FlagFetch::Recent => FlagFetch::Recent,
        }
    }
}

/// `flag-perm = flag / "\*"`: a flag in PERMANENTFLAGS.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagPerm<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\*`: new keywords can be created.
    Any,
}

impl FlagPerm<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> FlagPerm<'static> {
        match self {
            FlagPerm::Flag(f) => FlagPerm::Flag(f.into_owned()),
            FlagPerm::Any => FlagPerm::Any,
        }
    }
}

macro_rules! mailbox_attrs {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// A mailbox name attribute of a LIST response: `mbx-list-flags`
        /// (RFC 9051 §7.3.1, RFC 5258, RFC 6154 special-use).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum MailboxAttr<'a> {
            $(#[doc = $doc] $variant,)*
            /// Any other `flag-extension`, the atom without `\`.
            Other(Atom<'a>),
        }

        impl<'a> MailboxAttr<'a> {
            /// The attribute named `name` (without `\`, any case).
            pub fn from_name(name: Atom<'a>) -> Self {
                $(if name.eq_ignore_case($name) { return MailboxAttr::$variant; })*
                MailboxAttr::Other(name)
            }

            /// The name without `\`.
            pub fn name(&self) -> &str {
                match self {
                    $(MailboxAttr::$variant => $name,)*
                    MailboxAttr::Other(a) => a.as_str(),
                }
            }

            /// A `'static` copy.
            pub fn into_owned(self) -> MailboxAttr<'static> {
                match self {
                    $(MailboxAttr::$variant => MailboxAttr::$variant,)*
                    MailboxAttr::Other(a) => MailboxAttr::Other(a.into_owned()),
                }
            }
        }
    };
}

mailbox_attrs! {
    NoInferiors => "Noinferiors", "`\\Noinferiors`";
    NoSelect => "Noselect", "`\\Noselect`";
    Marked => "Marked", "`\\Marked`";
    Unmarked => "Unmarked", "`\\Unmarked`";
    NonExistent => "NonExistent", "`\\NonExistent` (RFC 5258)";
    Subscribed => "Subscribed", "`\\Subscribed` (RFC 5258)";
    Remote => "Remote", "`\\Remote` (RFC 5258)";
    HasChildren => "HasChildren", "`\\HasChildren`";
    HasNoChildren => "HasNoChildren", "`\\HasNoChildren`";
    All => "All", "`\\All` (RFC 6154)";
    Archive => "Archive", "`\\Archive` (RFC 6154)";
    Drafts => "Drafts", "`\\Drafts` (RFC 6154)";
    Flagged => "Flagged", "`\\Flagged` (RFC 6154)";
    Junk => "Junk", "`\\Junk` (RFC 6154)";
    Sent => "Sent", "`\\Sent` (RFC 6154)";
    Trash => "Trash", "`\\Trash` (RFC 6154)";
    Important => "Important", "`\\Important` (RFC 8457)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive() {
        let a = |s| Atom::new(s).unwrap();
        assert_eq!(Flag::system_or_extension(a("SEEN")), Flag::Seen);
        for f in [
            Flag::Answered,
            Flag::Flagged,
            Flag::Deleted,
            Flag::Seen,
            Flag::Draft,
        ] {
            let name = f.system_name().unwrap();
            for n in [name.to_string(), name.to_lowercase(), name.to_uppercase()] {
                assert_eq!(
                    Flag::system_or_extension(Atom::new(n.clone()).unwrap()),
                    f,
                    "{n}"
                );
            }
            let other = format!("{}x", &name[1..]);
            assert_eq!(
                Flag::system_or_extension(Atom::new(other.clone()).unwrap()),
                Flag::Extension(Atom::new(other).unwrap())
            );
        }
        assert_eq!(
            Flag::system_or_extension(a("Foo")),
            Flag::Extension(a("Foo"))
        );
        assert_eq!(
            MailboxAttr::from_name(a("hasnochildren")),
            MailboxAttr::HasNoChildren
        );
        assert_eq!(MailboxAttr::from_name(a("X")).name(), "X");
    }
}
