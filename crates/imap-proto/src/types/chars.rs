//! Character classes of RFC 3501 §9 / RFC 9051 §9, shared by the validating
//! constructors and the parsers.

/// `atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials /
/// resp-specials`
#[inline]
pub(crate) const fn is_atom_special(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'{' | b' ' | b'%' | b'*' | b'"' | b'\\' | b']'
    ) || is_ctl(b)
}

/// `CTL = %x00-1F / %x7F`
#[inline]
pub(crate) const fn is_ctl(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

/// `ATOM-CHAR = <any CHAR except atom-specials>` (CHAR is 7-bit, NUL excluded)
#[inline]
pub(crate) const fn is_atom_char(b: u8) -> bool {
    b.is_ascii() && !is_atom_special(b)
}

/// `ASTRING-CHAR = ATOM-CHAR / resp-specials`
#[inline]
pub(crate) const fn is_astring_char(b: u8) -> bool {
    is_atom_char(b) || b == b']'
}

/// `tag = 1*<any ASTRING-CHAR except "+">`
#[inline]
pub(crate) const fn is_tag_char(b: u8) -> bool {
    is_astring_char(b) && b != b'+'
}

/// `list-char = ATOM-CHAR / list-wildcards / resp-specials`
#[inline]
pub(crate) const fn is_list_char(b: u8) -> bool {
    is_astring_char(b) || b == b'%' || b == b'*'
}

/// `TEXT-CHAR = <any CHAR except CR and LF>`, and 8-bit bytes (UTF-8 in IMAP4rev2).
#[inline]
pub(crate) const fn is_text_byte(b: u8) -> bool {
    b != b'\r' && b != b'\n' && b != 0
}

/// A byte that may stand in a quoted string (escaped if `"` or `\`): 7-bit TEXT-CHAR.
/// 8-bit bytes go in a literal, which every IMAP version accepts.
#[inline]
pub(crate) const fn is_quotable(b: u8) -> bool {
    b.is_ascii() && is_text_byte(b)
}

/// Checks that `bytes` is non-empty and every byte passes `ok`.
pub(crate) fn all_nonempty(bytes: &[u8], ok: impl Fn(u8) -> bool) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| ok(b))
}

/// A right of RFC 4314 §9 `rights`: "only lowercase ASCII letters and digits".
#[inline]
pub(crate) const fn is_right(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}
