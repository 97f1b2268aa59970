//! ENVELOPE and BODYSTRUCTURE (RFC 9051 §7.5.2).

use std::borrow::Cow;

use super::core::{IString, NString};

fn own(s: NString<'_>) -> NString<'static> {
    s.map(IString::into_owned)
}

/// `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`.
///
/// A group (RFC 5322) is an address with `host` NIL and `mailbox` the group name,
/// its members, and an address with `mailbox` and `host` NIL ending it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address<'a> {
    /// `addr-name`: the display name.
    pub name: NString<'a>,
    /// `addr-adl`: the obsolete source route.
    pub adl: NString<'a>,
    /// `addr-mailbox`: the local part, or a group name.
    pub mailbox: NString<'a>,
    /// `addr-host`: the domain; NIL for a group marker.
    pub host: NString<'a>,
}

impl Address<'_> {
    /// True for a group start (`host` NIL, `mailbox` the group name).
    pub fn is_group_start(&self) -> bool {
        self.host.is_none() && self.mailbox.is_some()
    }

    /// True for a group end (`mailbox` and `host` NIL).
    pub fn is_group_end(&self) -> bool {
        self.host.is_none() && self.mailbox.is_none()
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Address<'static> {
        Address {
            name: own(self.name),
            adl: own(self.adl),
            mailbox: own(self.mailbox),
            host: own(self.host),
        }
    }
}

/// Which address list of an [`Envelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressField {
    /// `env-from`
    From,
    /// `env-sender`
    Sender,
    /// `env-reply-to`
    ReplyTo,
    /// `env-to`
    To,
    /// `env-cc`
    Cc,
    /// `env-bcc`
    Bcc,
}

impl AddressField {
    /// The six lists in envelope order.
    pub const ALL: [AddressField; 6] = [
        AddressField::From,
        AddressField::Sender,
        AddressField::ReplyTo,
        AddressField::To,
        AddressField::Cc,
        AddressField::Bcc,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// `envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to
/// SP env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"`.
/// An empty address list is NIL.
///
/// The six address lists share one allocation: read them with [`Envelope::from`],
/// [`Envelope::to`] and the others (or [`Envelope::addresses`]), set them with
/// [`Envelope::set_addresses`] or [`Envelope::with_addresses`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Envelope<'a> {
    /// `env-date`
    pub date: NString<'a>,
    /// `env-subject`
    pub subject: NString<'a>,
    /// `env-in-reply-to`
    pub in_reply_to: NString<'a>,
    /// `env-message-id`
    pub message_id: NString<'a>,
    /// The six lists, one after the other.
    addresses: Vec<Address<'a>>,
    /// Where each list ends in `addresses`.
    ends: [u32; 6],
}

impl<'a> Envelope<'a> {
    /// An envelope with every field NIL.
    pub fn new() -> Self {
        Self::default()
    }

    /// One address list (empty for NIL).
    pub fn addresses(&self, field: AddressField) -> &[Address<'a>] {
        let k = field.index();
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.addresses[start..self.ends[k] as usize]
    }

    /// `env-from`
    pub fn from(&self) -> &[Address<'a>] {
        self.addresses(AddressField::From)
    }

    /// `env-sender`
    pub fn sender(&self) -> &[Address<'a>] {
        self.addresses(AddressField::Sender)
    }

    /// `env-reply-to`
    pub fn reply_to(&self) -> &[Address<'a>] {
        self.addresses(AddressField::ReplyTo)
    }

    /// `env-to`
    pub fn to(&self) -> &[Address<'a>] {
        self.addresses(AddressField::To)
    }

    /// `env-cc`
    pub fn cc(&self) -> &[Address<'a>] {
        self.addresses(AddressField::Cc)
    }

    /// `env-bcc`
    pub fn bcc(&self) -> &[Address<'a>] {
        self.addresses(AddressField::Bcc)
    }

    /// Replaces one address list.
    pub fn set_addresses(
        &mut self,
        field: AddressField,
        list: impl IntoIterator<Item = Address<'a>>,
    ) {
        let k = field.index();
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        let end = self.ends[k] as usize;
        let before = self.addresses.len();
        self.addresses.splice(start..end, list);
        let grown = self.addresses.len() as i64 - before as i64;
        for e in &mut self.ends[k..] {
            *e = (*e as i64 + grown) as u32;
        }
    }

    /// With one address list replaced.
    pub fn with_addresses(
        mut self,
        field: AddressField,
        list: impl IntoIterator<Item = Address<'a>>,
    ) -> Self {
        self.set_addresses(field, list);
        self
    }

    /// Appends an address to the list being built by the parser (lists are filled in
    /// order): `field`'s list and every later one grow by one.
    #[inline]
    pub(crate) fn push_address(&mut self, field: AddressField, address: Address<'a>) {
        if self.addresses.capacity() == 0 {
            // from, sender and reply-to are usually one address each, to and cc a few
            self.addresses.reserve(8);
        }
        self.addresses.push(address);
        self.ends[field.index()] += 1;
    }

    /// Ends `field`'s list while parsing: the next list starts where it stops.
    pub(crate) fn close_list(&mut self, field: AddressField) {
        let k = field.index();
        if k + 1 < self.ends.len() {
            self.ends[k + 1] = self.ends[k];
        }
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Envelope<'static> {
        Envelope {
            date: own(self.date),
            subject: own(self.subject),
            in_reply_to: own(self.in_reply_to),
            message_id: own(self.message_id),
            addresses: self
                .addresses
                .into_iter()
                .map(Address::into_owned)
                .collect(),
            ends: self.ends,
        }
    }
}

impl std::fmt::Debug for Envelope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Envelope")
            .field("date", &self.date)
            .field("subject", &self.subject)
            .field("from", &self.from())
            .field("sender", &self.sender())
            .field("reply_to", &self.reply_to())
            .field("to", &self.to())
            .field("cc", &self.cc())
            .field("bcc", &self.bcc())
            .field("in_reply_to", &self.in_reply_to)
            .field("message_id", &self.message_id)
            .finish()
    }
}

/// One `body-fld-param` pair: attribute and value.
pub type Param<'a> = (IString<'a>, IString<'a>);

/// `body-fld-param = "(" string SP string *(SP string SP string) ")" / nil`: the pairs
/// in order (NIL is empty). A slice of pairs through `Deref`; one pair, the common
/// case (`("CHARSET" "UTF-8")`), is held inline without an allocation.
#[derive(Clone, Default)]
pub struct Params<'a>(ParamsRepr<'a>);

#[derive(Clone, Default)]
enum ParamsRepr<'a> {
    #[default]
    Empty,
    One(Param<'a>),
    Many(Vec<Param<'a>>),
}

impl<'a> Params<'a> {
    /// No parameters (NIL).
    pub const fn new() -> Self {
        Params(ParamsRepr::Empty)
    }

    /// The pairs, in order.
    #[inline]
    pub fn as_slice(&self) -> &[Param<'a>] {
        match &self.0 {
            ParamsRepr::Empty => &[],
            ParamsRepr::One(p) => std::slice::from_ref(p),
            ParamsRepr::Many(v) => v,
        }
    }

    /// Appends a pair.
    #[inline]
    pub fn push(&mut self, key: IString<'a>, value: IString<'a>) {
        self.0 = match std::mem::take(&mut self.0) {
            ParamsRepr::Empty => ParamsRepr::One((key, value)),
            ParamsRepr::One(first) => ParamsRepr::Many(vec![first, (key, value)]),
            ParamsRepr::Many(mut v) => {
                v.push((key, value));
                ParamsRepr::Many(v)
            }
        };
    }

    /// The value of the first attribute equal to `key`, ignoring ASCII case.
    pub fn get(&self, key: &str) -> Option<&IString<'a>> {
        self.iter()
            .find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(key.as_bytes()))
            .map(|(_, v)| v)
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> Params<'static> {
        self.into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

impl<'a> std::ops::Deref for Params<'a> {
    type Target = [Param<'a>];
    fn deref(&self) -> &[Param<'a>] {
        self.as_slice()
    }
}

impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Params<'_> {}

impl std::fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<'a> From<Vec<Param<'a>>> for Params<'a> {
    fn from(mut v: Vec<Param<'a>>) -> Self {
        if v.len() > 1 {
            return Params(ParamsRepr::Many(v));
        }
        match v.pop() {
            Some(p) => Params(ParamsRepr::One(p)),
            None => Params::new(),
        }
    }
}

impl<'a> FromIterator<Param<'a>> for Params<'a> {
    fn from_iter<T: IntoIterator<Item = Param<'a>>>(iter: T) -> Self {
        let mut out = Params::new();
        for (k, v) in iter {
            out.push(k, v);
        }
        out
    }
}

impl<'a> IntoIterator for Params<'a> {
    type Item = Param<'a>;
    type IntoIter = std::vec::IntoIter<Param<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        match self.0 {
            ParamsRepr::Empty => Vec::new().into_iter(),
            ParamsRepr::One(p) => vec![p].into_iter(),
            ParamsRepr::Many(v) => v.into_iter(),
        }
    }
}

impl<'s, 'a> IntoIterator for &'s Params<'a> {
    type Item = &'s Param<'a>;
    type IntoIter = std::slice::Iter<'s, Param<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
/// body-fld-octets`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFields<'a> {
    /// `body-fld-param`
    pub params: Params<'a>,
    /// `body-fld-id`: Content-ID.
    pub id: NString<'a>,
    /// `body-fld-desc`: Content-Description.
    pub description: NString<'a>,
    /// `body-fld-enc`: Content-Transfer-Encoding.
    pub encoding: IString<'a>,
    /// `body-fld-octets`: size in its encoding.
    pub octets: u32,
}

impl BodyFields<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> BodyFields<'static> {
        BodyFields {
            params: self.params.into_owned(),
            id: own(self.id),
            description: own(self.description),
            encoding: self.encoding.into_owned(),
            octets: self.octets,
        }
    }
}

/// `body-fld-dsp = "(" string SP body-fld-param ")" / nil`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposition<'a> {
    /// The disposition type (`inline`, `attachment`).
    pub kind: IString<'a>,
    /// Its parameters.
    pub params: Params<'a>,
}

/// `body-extension = nstring / number / number64 / "(" body-extension *(SP
/// body-extension) ")"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyExtension<'a> {
    /// A string or NIL.
    NString(NString<'a>),
    /// A number.
    Number(u64),
    /// A non-empty parenthesised list.
    List(Vec<BodyExtension<'a>>),
}

impl BodyExtension<'_> {
    /// A `'static` copy.
    pub fn into_owned(self) -> BodyExtension<'static> {
        match self {
            BodyExtension::NString(s) => BodyExtension::NString(own(s)),
            BodyExtension::Number(n) => BodyExtension::Number(n),
            BodyExtension::List(v) => {
                BodyExtension::List(v.into_iter().map(BodyExtension::into_owned).collect())
            }
        }
    }
}

/// The extension data after `body-fld-md5` (single part) or `body-fld-param`
/// (multipart): `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP
/// body-extension)]]]`. Each level is present only if the ones before it are; setting
/// one makes those before it present (NIL if they were absent).
///
/// 16 bytes, and no allocation while every present level is NIL (`NIL NIL NIL`, the
/// usual tail of a text part): the values sit behind one box only when one is not.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct BodyExtData<'a> {
    /// How many of disposition, language and location are present (0 to 3).
    levels: u8,
    /// The values that are not NIL; `None` when all are (kept so, for equality).
    values: Option<Box<ExtValues<'a>>>,
}

#[derive(Clone, PartialEq, Eq, Default)]
struct ExtValues<'a> {
    disposition: Option<Disposition<'a>>,
    language: Vec<IString<'a>>,
    location: NString<'a>,
    extensions: Vec<BodyExtension<'a>>,
}

impl ExtValues<'_> {
    fn is_nil(&self) -> bool {
        self.disposition.is_none()
            && self.language.is_empty()
            && self.location.is_none()
            && self.extensions.is_empty()
    }
}

impl<'a> BodyExtData<'a> {
    /// No extension data.
    pub const fn new() -> Self {
        BodyExtData {
            levels: 0,
            values: None,
        }
    }

    /// `body-fld-dsp`: `None` when absent, `Some(None)` for NIL.
    pub fn disposition(&self) -> Option<Option<&Disposition<'a>>> {
        (self.levels >= 1).then(|| self.values.as_ref().and_then(|v| v.disposition.as_ref()))
    }

    /// `body-fld-lang = nstring / "(" string *(SP string) ")"`: `None` when absent, an
    /// empty slice for NIL.
    pub fn language(&self) -> Option<&[IString<'a>]> {
        (self.levels >= 2).then(|| self.values.as_ref().map_or(&[][..], |v| &v.language[..]))
    }

    /// `body-fld-loc`: `None` when absent, `Some(None)` for NIL.
    pub fn location(&self) -> Option<Option<&IString<'a>>> {
        (self.levels >= 3).then(|| self.values.as_ref().and_then(|v| v.location.as_ref()))
    }

    /// Further `body-extension`s (after the location).
    pub fn extensions(&self) -> &[BodyExtension<'a>] {
        self.values.as_ref().map_or(&[], |v| &v.extensions)
    }

    fn values_mut(&mut self) -> &mut ExtValues<'a> {
        self.values.get_or_insert_with(Box::default)
    }

    fn settle(&mut self, level: u8) {
        self.levels = self.levels.max(level);
        if self.values.as_deref().is_some_and(ExtValues::is_nil) {
            self.values = None;
        }
    }

    /// Sets the disposition (`None` for NIL).
    pub fn set_disposition(&mut self, disposition: Option<Disposition<'a>>) {
        if disposition.is_some() || self.values.is_some() {
            self.values_mut().disposition = disposition;
        }
        self.settle(1);
    }

    /// Sets the languages (empty for NIL); the disposition becomes present.
    pub fn set_language(&mut self, language: Vec<IString<'a>>) {
        if !language.is_empty() || self.values.is_some() {
            self.values_mut().language = language;
        }
        self.settle(2);
    }

    /// Sets the location (`None` for NIL); disposition and language become present.
    pub fn set_location(&mut self, location: NString<'a>) {
        if location.is_some() || self.values.is_some() {
            self.values_mut().location = location;
        }
        self.settle(3);
    }

    /// Appends a `body-extension`; the three levels before it become present.
    pub fn push_extension(&mut self, extension: BodyExtension<'a>) {
        self.values_mut().extensions.push(extension);
        self.settle(3);
    }

    /// With the disposition set.
    pub fn with_disposition(mut self, disposition: Option<Disposition<'a>>) -> Self {
        self.set_disposition(disposition);
        self
    }

    /// With the languages set.
    pub fn with_language(mut self, language: Vec<IString<'a>>) -> Self {
        self.set_language(language);
        self
    }

    /// With the location set.
    pub fn with_location(mut self, location: NString<'a>) -> Self {
        self.set_location(location);
        self
    }

    /// With one more `body-extension`.
    pub fn with_extension(mut self, extension: BodyExtension<'a>) -> Self {
        self.push_extension(extension);
        self
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> BodyExtData<'static> {
        BodyExtData {
            levels: self.levels,
            values: self.values.map(|v| {
                Box::new(ExtValues {
                    disposition: v.disposition.map(|d| Disposition {
                        kind: d.kind.into_owned(),
                        params: d.params.into_owned(),
                    }),
                    language: v.language.into_iter().map(IString::into_owned).collect(),
                    location: own(v.location),
                    extensions: v
                        .extensions
                        .into_iter()
                        .map(BodyExtension::into_owned)
                        .collect(),
                })
            }),
        }
    }
}

impl std::fmt::Debug for BodyExtData<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BodyExtData")
            .field("disposition", &self.disposition())
            .field("language", &self.language())
            .field("location", &self.location())
            .field("extensions", &self.extensions())
            .finish()
    }
}

/// What kind of single part a body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinglePartKind<'a> {
    /// `body-type-basic = media-basic SP body-fields`
    Basic,
    /// `body-type-text = media-text SP body-fields SP body-fld-lines`
    Text {
        /// `body-fld-lines`
        lines: u64,
    },
    /// `body-type-msg = media-message SP body-fields SP envelope SP body SP
    /// body-fld-lines` (message/rfc822 and message/global)
    Message {
        /// The enclosed message's envelope.
        envelope: Box<Envelope<'a>>,
        /// The enclosed message's body.
        body: Box<BodyStructure<'a>>,
        /// `body-fld-lines`
        lines: u64,
    },
}

/// `body = "(" (body-type-1part / body-type-mpart) ")"`
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyStructure<'a> {
    /// `body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP
    /// body-ext-1part]`
    Single {
        /// The media type (`"TEXT"`, `"IMAGE"`, ...).
        media_type: IString<'a>,
        /// `media-subtype`
        subtype: IString<'a>,
        /// `body-fields`
        fields: BodyFields<'a>,
        /// Basic, text or message.
        kind: SinglePartKind<'a>,
        /// `body-ext-1part`: `body-fld-md5` (`None` when absent, `Some(None)` for NIL)
        md5: Option<NString<'a>>,
        /// The rest of `body-ext-1part`.
        ext: BodyExtData<'a>,
    },
    /// `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`
    Multipart {
        /// The parts.
        parts: Vec<BodyStructure<'a>>,
        /// `media-subtype` (`"MIXED"`, `"ALTERNATIVE"`, ...)
        subtype: IString<'a>,
        /// `body-ext-mpart`: `body-fld-param`, `None` when absent.
        params: Option<Params<'a>>,
        /// The rest of `body-ext-mpart`.
        ext: BodyExtData<'a>,
    },
}

impl BodyStructure<'_> {
    /// A multipart with no parts and an empty subtype: what
    /// [`Lenient::loose_body`](crate::Lenient) reads Domino's `()` as (a message part
    /// whose structure the server cannot describe). No body of the strict grammar is
    /// empty; the encoder writes this one back as `()`.
    pub fn empty() -> BodyStructure<'static> {
        BodyStructure::Multipart {
            parts: Vec::new(),
            subtype: IString::from(""),
            params: None,
            ext: BodyExtData::default(),
        }
    }

    /// True for [`BodyStructure::empty`]'s form: a multipart with no parts.
    pub fn is_empty(&self) -> bool {
        matches!(self, BodyStructure::Multipart { parts, .. } if parts.is_empty())
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> BodyStructure<'static> {
        match self {
            BodyStructure::Single {
                media_type,
                subtype,
                fields,
                kind,
                md5,
                ext,
            } => BodyStructure::Single {
                media_type: media_type.into_owned(),
                subtype: subtype.into_owned(),
                fields: fields.into_owned(),
                kind: match kind {
                    SinglePartKind::Basic => SinglePartKind::Basic,
                    SinglePartKind::Text { lines } => SinglePartKind::Text { lines },
                    SinglePartKind::Message {
                        envelope,
                        body,
                        lines,
                    } => SinglePartKind::Message {
                        envelope: Box::new(envelope.into_owned()),
                        body: Box::new(body.into_owned()),
                        lines,
                    },
                },
                md5: md5.map(own),
                ext: ext.into_owned(),
            },
            BodyStructure::Multipart {
                parts,
                subtype,
                params,
                ext,
            } => BodyStructure::Multipart {
                parts: parts.into_iter().map(BodyStructure::into_owned).collect(),
                subtype: subtype.into_owned(),
                params: params.map(Params::into_owned),
                ext: ext.into_owned(),
            },
        }
    }
}

/// Raw bytes of a value this crate does not model yet, kept exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawValue<'a>(pub(crate) Cow<'a, [u8]>);

impl<'a> RawValue<'a> {
    /// The bytes as sent (may hold literals, with their `CRLF`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// A `'static` copy.
    pub fn into_owned(self) -> RawValue<'static> {
        RawValue(Cow::Owned(self.0.into_owned()))
    }
}
