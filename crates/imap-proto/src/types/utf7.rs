//! Modified UTF-7 for mailbox names (RFC 3501 §5.1.3).
//!
//! Printable US-ASCII other than `&` stands for itself; `&` is `&-`; any other run of
//! characters is UTF-16, base64-encoded with `,` instead of `/` and no padding,
//! between `&` and `-`.

use crate::error::ValueError;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

fn flush(units: &mut Vec<u16>, out: &mut String) {
    if units.is_empty() {
        return;
    }
    out.push('&');
    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out.push('-');
    units.clear();
}

/// Encodes a UTF-8 mailbox name in modified UTF-7.
pub fn encode_modified_utf7(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut units = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut units, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut units, &mut out);
    out
}

fn sextet(b: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == b).map(|p| p as u32)
}

/// Decodes a modified UTF-7 mailbox name; refuses what the RFC does not allow
/// (8-bit bytes, bad base64, an encoded printable character, unpaired surrogates).
pub fn decode_modified_utf7(name: &[u8]) -> Result<String, ValueError> {
    const ERR: ValueError = ValueError::new("modified UTF-7", "not valid modified UTF-7");
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < name.len() {
        let b = name[i];
        if !(0x20..=0x7e).contains(&b) {
            return Err(ERR);
        }
        if b != b'&' {
            out.push(char::from(b));
            i += 1;
            continue;
        }
        let end = name[i + 1..].iter().position(|&c| c == b'-').ok_or(ERR)? + i + 1;
        let run = &name[i + 1..end];
        i = end + 1;
        if run.is_empty() {
            out.push('&');
            continue;
        }
        let (mut acc, mut bits, mut bytes) = (0u32, 0u32, Vec::new());
        for &c in run {
            acc = (acc << 6) | sextet(c).ok_or(ERR)?;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                bytes.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        if bits >= 6 || acc != 0 || bytes.len() % 2 != 0 {
            return Err(ERR);
        }
        let units = bytes
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        for c in char::decode_utf16(units) {
            let c = c.map_err(|_| ERR)?;
            if (' '..='~').contains(&c) {
                return Err(ERR);
            }
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3501_examples() {
        let name = "~peter/mail/台北/日本語";
        let wire = "~peter/mail/&U,BTFw-/&ZeVnLIqe-";
        assert_eq!(encode_modified_utf7(name), wire);
        assert_eq!(decode_modified_utf7(wire.as_bytes()).unwrap(), name);
        assert_eq!(encode_modified_utf7("A&B"), "A&-B");
        assert_eq!(decode_modified_utf7(b"A&-B").unwrap(), "A&B");
        assert!(decode_modified_utf7(b"&Jjo!").is_err());
        assert!(
            decode_modified_utf7(b"&AGE-").is_err(),
            "encoded ASCII is refused"
        );
        assert_eq!(
            decode_modified_utf7("&2D3eAA-".as_bytes()).unwrap(),
            "\u{1F600}"
        );
        assert_eq!(encode_modified_utf7("\u{1F600}"), "&2D3eAA-");
    }
}
