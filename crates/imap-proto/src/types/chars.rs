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
    CLASS[b as usize] & ATOM != 0
}

/// `ASTRING-CHAR = ATOM-CHAR / resp-specials`
#[inline]
pub(crate) const fn is_astring_char(b: u8) -> bool {
    CLASS[b as usize] & ASTRING != 0
}

/// `tag = 1*<any ASTRING-CHAR except "+">`
#[inline]
pub(crate) const fn is_tag_char(b: u8) -> bool {
    CLASS[b as usize] & TAG != 0
}

const ATOM: u8 = 1;
const ASTRING: u8 = 2;
const TAG: u8 = 4;

/// The classes above as one table, built from the grammar's definitions
/// ([`atom_char_by_grammar`] and the two lines after it): a scan over an atom costs a
/// load and a test per byte instead of a chain of comparisons.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let atom = atom_char_by_grammar(c);
        let astring = atom || c == b']';
        let tag = astring && c != b'+';
        t[b] = (atom as u8 * ATOM) | (astring as u8 * ASTRING) | (tag as u8 * TAG);
        b += 1;
    }
    t
};

/// `ATOM-CHAR` straight from the grammar: the definition [`CLASS`] is built from.
const fn atom_char_by_grammar(b: u8) -> bool {
    b.is_ascii() && !is_atom_special(b)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_table_is_the_grammar() {
        for b in 0..=255u8 {
            let atom = b.is_ascii() && !is_atom_special(b);
            assert_eq!(is_atom_char(b), atom, "ATOM-CHAR {b:#04x}");
            assert_eq!(
                is_astring_char(b),
                atom || b == b']',
                "ASTRING-CHAR {b:#04x}"
            );
            assert_eq!(
                is_tag_char(b),
                (atom || b == b']') && b != b'+',
                "tag {b:#04x}"
            );
        }
        // spot checks against RFC 9051 §9 by hand
        assert!(is_atom_char(b'A') && is_atom_char(b'.') && is_atom_char(b'['));
        assert!(!is_atom_char(b']') && is_astring_char(b']'));
        assert!(!is_atom_char(b'{') && !is_atom_char(b'%') && !is_atom_char(0x7f));
        assert!(!is_atom_char(0x80) && is_astring_char(b'+') && !is_tag_char(b'+'));
    }
}
