//! A checked newtype's field cannot be read (or written) directly; `get` reads it.

fn main() {
    let limit = codearts_client::Limit::DEFAULT;
    let _value: i32 = limit.0;
}
