//! A checked newtype's field is private: `Limit(5)` would skip the 1..=100 check, so the
//! only ways in are `Limit::new` and `TryFrom`.

fn main() {
    let _limit = codearts_client::Limit(5);
}
