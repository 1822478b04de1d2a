//! What the runtime's unit tests share: services taken from the generated table, so that
//! the tests hold whatever services the spec declares and a service renamed or added in
//! the spec needs no edit here.

use crate::Service;

/// The first service of the spec.
pub const FIRST: Service = Service::ALL[0];

/// The last service of the spec: another one than [`FIRST`] when the spec has two or more.
pub const LAST: Service = Service::ALL[Service::ALL.len() - 1];

/// How configuration errors name `service`: its title and key.
pub fn named(service: Service) -> String {
    format!("{} ({})", service.title(), service.name())
}
