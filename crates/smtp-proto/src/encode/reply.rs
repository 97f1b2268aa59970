//! Replies, strict RFC 5321 form: `code-text` lines and a final `code SP text` line.

use bytes::BufMut;

use crate::types::Reply;

/// Appends `reply` to `buf`, the enhanced code (if any) on every line. A [`Reply`] is
/// validated when built, so this cannot fail.
///
/// ```
/// use smtp_proto::{encode_reply, Reply};
/// let mut out = Vec::new();
/// encode_reply(&Reply::simple(250, Some((2, 1, 0)), "OK").unwrap(), &mut out);
/// assert_eq!(out, b"250 2.1.0 OK\r\n");
/// ```
pub fn encode_reply(reply: &Reply<'_>, buf: &mut impl BufMut) {
    let code = reply.code().get().to_string();
    let enhanced = reply.enhanced().map(|e| e.to_string());
    let count = reply.lines().len();
    for (i, line) in reply.lines().iter().enumerate() {
        buf.put_slice(code.as_bytes());
        buf.put_u8(if i + 1 == count { b' ' } else { b'-' });
        if let Some(e) = &enhanced {
            buf.put_slice(e.as_bytes());
            if !line.is_empty() {
                buf.put_u8(b' ');
            }
        }
        buf.put_slice(line.as_bytes());
        buf.put_slice(b"\r\n");
    }
}
