//! The string-like building blocks: tags, atoms, strings, literals and text.

use std::borrow::Cow;

use bytes::Bytes;
use mail_proto_core::Payload;

use super::chars::{all_nonempty, is_atom_char, is_tag_char, is_text_byte};
use crate::error::ValueError;

fn owned_str(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

/// A command tag: `tag = 1*<any ASTRING-CHAR except "+">` (RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Tag<'a>(Cow<'a, str>);

impl<'a> Tag<'a> {
    /// A tag, checked against the grammar.
    pub fn new(tag: impl Into<Cow<'a, str>>) -> Result<Self, ValueError> {
        let tag = tag.into();
        if all_nonempty(tag.as_bytes(), is_tag_char) {
            Ok(Tag(tag))
        } else {
            Err(ValueError::new(
                "tag",
                "must be 1 or more ASTRING-CHAR except \"+\"",
            ))
        }
    }

    /// Built by the parser, which has checked the bytes.
    pub(crate) fn checked(tag: &'a str) -> Self {
        Tag(Cow::Borrowed(tag))
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Tag<'static> {
        Tag(owned_str(self.0))
    }
}

/// An atom: `atom = 1*ATOM-CHAR`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom<'a>(Cow<'a, str>);

impl<'a> Atom<'a> {
    /// An atom, checked against the grammar.
    pub fn new(atom: impl Into<Cow<'a, str>>) -> Result<Self, ValueError> {
        let atom = atom.into();
        if all_nonempty(atom.as_bytes(), is_atom_char) {
            Ok(Atom(atom))
        } else {
            Err(ValueError::new("atom", "must be 1 or more ATOM-CHAR"))
        }
    }

    /// Built by the parser, which has checked the bytes (ATOM-CHAR, or the wider
    /// classes some rules allow, all ASCII).
    pub(crate) fn checked(atom: &'a str) -> Self {
        Atom(Cow::Borrowed(atom))
    }

    /// True if the atom is 1 or more `ATOM-CHAR`, as [`Atom::new`] requires. Only the
    /// lenient parser builds atoms that are not: a keyword read under
    /// [`Lenient::loose_atoms`](crate::Lenient) (Gmail's `OIB-Seen-[Gmail]/Trash`)
    /// is encoded back as it was read, which only a lenient parser reads again; a
    /// proxy that must send the strict form checks this first.
    pub fn is_strict(&self) -> bool {
        all_nonempty(self.0.as_bytes(), is_atom_char)
    }

    /// The atom.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True if the atom equals `other` ignoring ASCII case (IMAP keywords are
    /// case-insensitive).
    pub fn eq_ignore_case(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other)
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Atom<'static> {
        Atom(owned_str(self.0))
    }
}

/// The value of an IMAP string: `string = quoted / literal` (and, where the grammar
/// says `astring`, an atom too).
///
/// It holds the bytes only, not the form they travelled in: the encoder picks an atom
/// (for `astring` places), a quoted string or a literal by itself, so any bytes but
/// `NUL` have a form. Literal payloads borrow from the input or share a
/// [`bytes::Bytes`].
///
/// `NUL` is the exception: `CHAR8` excludes it (RFC 9051 §9), so neither a quoted
/// string nor a `{n}` literal carries it, and the strict parser refuses it in both (a
/// client's lenient defaults keep it in a literal, `Lenient::nul_in_literals`). A value
/// holding `NUL` can still be built (so that building a string cannot fail):
/// - in a command, [`encode_command`](crate::encode_command) refuses it and writes
///   nothing (an APPEND message is a [`Literal`], which goes as `literal8` `~{n}`);
/// - in a response, it goes as a `{n}` literal, NUL and all: a message body is what
///   it is, every client reads a literal by its length and a lenient parser takes it.
///   A server that wants the strict form sends such data as
///   [`FetchItem::Binary`](crate::FetchItem::Binary).
///
/// It is 24 bytes, and an [`NString`] too: shared bytes sit behind a box, as they are
/// rare in the small strings of ENVELOPE and BODYSTRUCTURE.
#[derive(Clone)]
pub struct IString<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    Borrowed(&'a [u8]),
    Shared(Box<Bytes>),
}

/// `astring = 1*ASTRING-CHAR / string`: the same value as [`IString`]; the encoder
/// writes it as an atom when it can.
pub type AString<'a> = IString<'a>;

/// `nstring = string / nil`: `None` is `NIL`.
pub type NString<'a> = Option<IString<'a>>;

impl<'a> IString<'a> {
    /// A string holding `bytes`.
    pub fn new(bytes: impl Into<Payload<'a>>) -> Self {
        match bytes.into() {
            Payload::Borrowed(b) => IString(Repr::Borrowed(b)),
            Payload::Shared(b) => IString(Repr::Shared(Box::new(b))),
        }
    }

    /// A `'static` string owning `bytes`.
    pub fn from_owned(bytes: Vec<u8>) -> IString<'static> {
        IString(Repr::Shared(Box::new(Bytes::from(bytes))))
    }

    /// The bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Borrowed(b) => b,
            Repr::Shared(b) => b,
        }
    }

    /// The bytes as UTF-8 text, if they are.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }

    /// The payload (borrowed bytes stay borrowed; shared bytes are a new handle to
    /// the same buffer).
    pub fn payload(&self) -> Payload<'a> {
        match &self.0 {
            Repr::Borrowed(b) => Payload::Borrowed(b),
            Repr::Shared(b) => Payload::Shared(Bytes::clone(b)),
        }
    }

    /// The payload, unwrapped.
    pub fn into_payload(self) -> Payload<'a> {
        match self.0 {
            Repr::Borrowed(b) => Payload::Borrowed(b),
            Repr::Shared(b) => Payload::Shared(*b),
        }
    }

    /// A `'static` value (borrowed bytes copied once, shared bytes kept).
    pub fn into_owned(self) -> IString<'static> {
        match self.0 {
            Repr::Borrowed(b) => IString(Repr::Shared(Box::new(Bytes::copy_from_slice(b)))),
            Repr::Shared(b) => IString(Repr::Shared(b)),
        }
    }
}

/// Equal when the bytes are equal, however they are held.
impl PartialEq for IString<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for IString<'_> {}

impl std::hash::Hash for IString<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl std::fmt::Debug for IString<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("IString")
            .field(&Payload::Borrowed(self.as_bytes()))
            .finish()
    }
}

impl<'a> From<&'a str> for IString<'a> {
    fn from(s: &'a str) -> Self {
        IString(Repr::Borrowed(s.as_bytes()))
    }
}

impl<'a> From<&'a [u8]> for IString<'a> {
    fn from(s: &'a [u8]) -> Self {
        IString(Repr::Borrowed(s))
    }
}

impl From<String> for IString<'static> {
    fn from(s: String) -> Self {
        IString::from_owned(s.into_bytes())
    }
}

/// Which literal form a payload uses (RFC 9051 §4.3, RFC 3516).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiteralKind {
    /// `{n}` / `{n+}`: any byte but NUL.
    Text,
    /// `~{n}` literal8: any byte, NUL included (BINARY, RFC 3516).
    Binary,
}

/// An explicit literal (APPEND's message, BINARY data): the payload and its form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Literal<'a> {
    data: Payload<'a>,
    kind: LiteralKind,
}

impl<'a> Literal<'a> {
    /// A literal; one holding NUL is made a literal8 whatever `kind` says, since a
    /// plain literal cannot carry NUL.
    pub fn new(data: impl Into<Payload<'a>>, kind: LiteralKind) -> Self {
        let data = data.into();
        let kind = if data.contains(&0) {
            LiteralKind::Binary
        } else {
            kind
        };
        Literal { data, kind }
    }

    /// Built by the parser.
    pub(crate) fn parsed(data: Payload<'a>, kind: LiteralKind) -> Self {
        Literal { data, kind }
    }

    /// The payload.
    pub fn data(&self) -> &Payload<'a> {
        &self.data
    }

    /// The form.
    pub fn kind(&self) -> LiteralKind {
        self.kind
    }

    /// A `'static` value.
    pub fn into_owned(self) -> Literal<'static> {
        Literal {
            data: self.data.into_owned(),
            kind: self.kind,
        }
    }
}

/// Human-readable text: `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)`. Never holds
/// `CR`, `LF` or `NUL`. Held as bytes because servers send 8-bit text that is not UTF-8
/// (kept by the parser under [`Lenient::loose_quoted`](crate::Lenient)); [`Text::new`]
/// takes UTF-8 only, so what this crate encodes its strict parser reads back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text<'a>(Cow<'a, [u8]>);

impl<'a> Text<'a> {
    /// Text, refused if it holds `CR`, `LF` or `NUL`, is not UTF-8 (RFC 9051 `text`),
    /// or ends in what reads as a
    /// literal's announcement (`{5}`, `{5+}`, `~{5}`): `text` allows `* OK wait {5}`,
    /// but IMAP framers (this crate's, Python's imaplib and others) read such a line end
    /// as a literal to come, so it cannot be sent as it is meant.
    pub fn new(text: impl Into<Cow<'a, [u8]>>) -> Result<Self, ValueError> {
        let text = text.into();
        if !text.iter().all(|&b| is_text_byte(b)) {
            Err(ValueError::new("text", "holds CR, LF or NUL"))
        } else if std::str::from_utf8(&text).is_err() {
            Err(ValueError::new("text", "is not UTF-8"))
        } else if crate::framing::literal_at_end(&text).is_some() {
            Err(ValueError::new(
                "text",
                "ends in {n}, which IMAP framers read as a literal's announcement",
            ))
        } else {
            Ok(Text(text))
        }
    }

    /// Text from a `&str`.
    pub fn from_text(text: &'a str) -> Result<Self, ValueError> {
        Text::new(text.as_bytes())
    }

    pub(crate) fn checked(text: &'a [u8]) -> Self {
        Text(Cow::Borrowed(text))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, with invalid UTF-8 replaced.
    pub fn to_str_lossy(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_check_the_grammar() {
        assert!(Tag::new("A001").is_ok());
        assert!(Tag::new("A+1").is_err());
        assert!(Tag::new("").is_err());
        assert!(Tag::new("a b").is_err());
        assert!(Tag::new("x]").is_ok());
        assert!(Atom::new("FLAGS").is_ok());
        assert!(Atom::new("a]").is_err());
        assert!(Atom::new("a\r").is_err());
        assert!(Text::from_text("hello [x]").is_ok());
        assert!(Text::from_text("a\r\nb").is_err());
        assert!(Text::from_text("wait {5}").is_err());
        assert!(Text::from_text("wait {5+}").is_err());
        assert!(Text::from_text("wait ~{5}").is_err());
        assert!(Text::from_text("sets {a}").is_ok());
        assert!(Text::from_text("{5} first").is_ok());
        assert!(Text::new(&b"caf\xc3\xa9"[..]).is_ok());
        assert!(Text::new(&b"caf\xe9"[..]).is_err());
        let l = Literal::new(&b"a\0b"[..], LiteralKind::Text);
        assert_eq!(l.kind(), LiteralKind::Binary);
    }
}
