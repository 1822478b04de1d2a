//! Response models are `#[non_exhaustive]`: a field added to the spec later is not a
//! breaking change, so callers cannot build them with a struct expression.

fn main() {
    let _repository = codearts_client::BasicRepositoryDto {
        id: Some(1),
        ..Default::default()
    };
}
