//! Pretty JSON exactly as serde_json's `to_string_pretty` writes it (two spaces a level),
//! straight into a byte buffer and starting at any depth, so that a large document can be
//! written in pieces without another pass (issue 14).
//!
//! serde_json looks at every byte of every string, one at a time, for a character to escape;
//! that was most of the cost of a portfolio's JSON. This writer checks a whole string in one
//! pass that the compiler vectorises and copies it as it is when nothing needs escaping, as
//! in nearly all report text; it hands any other string, and every number, to serde_json
//! itself, so every byte written is the one serde_json would write.

use std::fmt;
use std::io::Write;

use serde::Serialize;
use serde::ser;

pub type Error = serde_json::Error;

/// Writes `value` into `out` as pretty JSON for a value `level` levels deep in a larger
/// document, with no final newline.
pub fn write<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    level: usize,
) -> Result<(), Error> {
    value.serialize(&mut Writer {
        out,
        level,
        has_value: false,
    })
}

/// serde_json's `PrettyFormatter` state, with the buffer it writes to.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    /// How many arrays and objects enclose what is written next.
    level: usize,
    /// Whether the array or object being written holds a value, so it closes on a new line.
    has_value: bool,
}

impl<'o> Writer<'o> {
    /// A line break (after a comma unless `first`) and the indentation of the current level,
    /// copied in one piece.
    fn new_line(&mut self, first: bool) {
        const BREAK: [u8; 66] = {
            let mut text = [b' '; 66];
            text[0] = b',';
            text[1] = b'\n';
            text
        };
        let indent = 2 * self.level;
        let from = usize::from(first);
        if indent + 2 <= BREAK.len() {
            self.out.extend_from_slice(&BREAK[from..indent + 2]);
        } else {
            self.out.extend_from_slice(&BREAK[from..2]);
            self.out.resize(self.out.len() + indent, b' ');
        }
    }

    /// Opens an array or object with `bracket`.
    fn open(&mut self, bracket: u8) {
        self.level += 1;
        self.has_value = false;
        self.out.push(bracket);
    }

    /// Closes an array or object with `bracket`, on a line of its own unless it is empty.
    fn close(&mut self, bracket: u8) {
        self.level -= 1;
        if self.has_value {
            self.new_line(true);
        }
        self.out.push(bracket);
    }

    /// `text` quoted, escaped as serde_json escapes it. Inlined so that the check and the
    /// copy of a struct's key, a constant, are done when compiling.
    #[inline(always)]
    fn string(&mut self, text: &str) -> Result<(), Error> {
        if needs_escaping(text.as_bytes()) {
            return serde_json::to_writer(&mut *self.out, text);
        }
        self.out.reserve(text.len() + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(text.as_bytes());
        self.out.push(b'"');
        Ok(())
    }

    /// A number, as serde_json writes it.
    fn number(&mut self, value: impl Serialize) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &value)
    }

    /// `{ "key": ` for an enum variant's content, closed by [`Writer::end_variant`].
    fn begin_variant(&mut self, variant: &str) -> Result<(), Error> {
        self.open(b'{');
        self.new_line(true);
        self.string(variant)?;
        self.out.extend_from_slice(b": ");
        Ok(())
    }

    fn end_variant(&mut self) {
        self.has_value = true;
        self.close(b'}');
    }

    fn compound(&mut self, bracket: u8) -> Compound<'_, 'o> {
        self.open(bracket);
        Compound {
            writer: self,
            first: true,
        }
    }
}

/// Whether serde_json escapes some character of `text`: a control character, `"` or `\`.
/// Every byte is looked at, without stopping at the first found, so that the compiler checks
/// many at a time.
fn needs_escaping(text: &[u8]) -> bool {
    text.iter().fold(false, |found, &b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

impl<'a, 'o> ser::Serializer for &'a mut Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'o>;
    type SerializeTuple = Compound<'a, 'o>;
    type SerializeTupleStruct = Compound<'a, 'o>;
    type SerializeTupleVariant = Compound<'a, 'o>;
    type SerializeMap = Compound<'a, 'o>;
    type SerializeStruct = Compound<'a, 'o>;
    type SerializeStructVariant = Compound<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        ser::Serializer::collect_seq(self, v)
    }

    /// Writes `value` in place and checks it there, rather than making a string first.
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        let start = self.out.len();
        self.out.push(b'"');
        write!(self.out, "{value}").map_err(ser::Error::custom)?;
        if needs_escaping(&self.out[start + 1..]) {
            self.out.truncate(start);
            return self.string(&value.to_string());
        }
        self.out.push(b'"');
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.begin_variant(variant)?;
        value.serialize(&mut *self)?;
        self.end_variant();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.compound(b'['))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.begin_variant(variant)?;
        Ok(self.compound(b'['))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.compound(b'{'))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, 'o>, Error> {
        Ok(self.compound(b'{'))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'o>, Error> {
        self.begin_variant(variant)?;
        Ok(self.compound(b'{'))
    }
}

/// An array or object being written.
struct Compound<'a, 'o> {
    writer: &'a mut Writer<'o>,
    /// Whether nothing is in it yet.
    first: bool,
}

impl Compound<'_, '_> {
    /// The line break and indentation before the next element or key.
    fn next(&mut self) {
        self.writer.new_line(self.first);
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.next();
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    /// Inlined, with `serialize_field`, into each struct's `serialize`, where `key` is a
    /// constant.
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.next();
        self.writer.string(key)?;
        self.writer.out.extend_from_slice(b": ");
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.close(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.close(b']');
        self.writer.end_variant();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        // The reports' maps are few and small: serde_json writes the key on its own.
        let key = serde_json::to_vec(key)?;
        if key.first() != Some(&b'"') {
            return Err(ser::Error::custom("a JSON object key must be a string"));
        }
        self.next();
        self.writer.out.extend_from_slice(&key);
        self.writer.out.extend_from_slice(b": ");
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        self.writer.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeMap::end(self)
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.writer.close(b'}');
        self.writer.end_variant();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::json;

    /// `value` as this writer writes it at the top level.
    fn written<T: Serialize + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        super::write(&mut out, value, 0).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u8),
        Tuple(u8, &'static str),
        Struct { a: Vec<u8>, b: Option<bool> },
    }

    #[derive(Serialize)]
    struct Everything {
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        empty_struct: Empty,
        nested: Vec<Vec<Option<i64>>>,
        text: &'static str,
        escapes: String,
        map: BTreeMap<&'static str, &'static str>,
        shapes: Vec<Shape>,
        numbers: (u8, i32, u64, i128, f64, f32, f64),
        flags: [bool; 2],
        letter: char,
        unit: (),
        shown: [Shown; 2],
    }

    /// A value serialised from its `Display`, as the reports' decimals are.
    struct Shown(&'static str);

    impl Serialize for Shown {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(self.0)
        }
    }

    #[derive(Serialize)]
    struct Empty {}

    /// Every kind of value serde has, written as serde_json writes it.
    #[test]
    fn it_writes_what_serde_json_writes() {
        let value = Everything {
            empty_list: vec![],
            empty_map: BTreeMap::new(),
            empty_struct: Empty {},
            nested: vec![vec![], vec![Some(-1), None], vec![Some(i64::MAX)]],
            text: "plain text, ünïcödé and a / slash",
            escapes: (0u8..0x20)
                .map(char::from)
                .chain(['"', '\\', '\u{7f}', 'é'])
                .collect(),
            map: BTreeMap::from([("b\n", "2"), ("a", "\"1\"")]),
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(1),
                Shape::Tuple(2, "t"),
                Shape::Struct { a: vec![], b: None },
                Shape::Struct {
                    a: vec![3],
                    b: Some(true),
                },
            ],
            numbers: (0, -7, u64::MAX, i128::MIN, 0.1, 1.5, f64::NAN),
            flags: [true, false],
            letter: '"',
            unit: (),
            shown: [Shown("219.54"), Shown("a \"quoted\"\tline\n")],
        };
        assert_eq!(
            written(&value),
            serde_json::to_string_pretty(&value).unwrap()
        );
        for value in [json!([]), json!({}), json!("x"), json!([[[]], {"k": {}}])] {
            assert_eq!(
                written(&value),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

    /// A value written deeper is laid out to sit there: a line after the first starts with
    /// the indentation of its depth.
    #[test]
    fn a_deeper_value_is_indented_for_its_depth() {
        let mut out = Vec::new();
        super::write(&mut out, &json!({"a": [1]}), 40).unwrap();
        let pad = |n: usize| " ".repeat(n);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "{{\n{}\"a\": [\n{}1\n{}]\n{}}}",
                pad(82),
                pad(84),
                pad(82),
                pad(80)
            )
        );
    }

    #[test]
    fn a_map_key_that_is_not_a_string_is_an_error() {
        let mut out = Vec::new();
        assert!(super::write(&mut out, &BTreeMap::from([(1, 2)]), 0).is_err());
    }
}
