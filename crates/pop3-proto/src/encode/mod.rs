//! Serializers into [`bytes::BufMut`]: always the strict RFC form, never failing on a
//! constructed value (every type was checked when it was built).

mod command;
mod response;

pub use command::encode_command;
pub use response::{
    encode_capabilities, encode_capability, encode_continuation, encode_multi_line,
    encode_response, encode_scan_listing, encode_stat, encode_unique_id_listing,
};
