// Two faults, two errors: the parameter, and the field that uses it. Neither
// cascades (no "missing generics" under the name, no `Code<T><T>` suggestion).
#[derive(Clone, Copy, Debug, apierror::ErrorCodes)]
enum Code<T> {
    #[api(status = 404)]
    NotFound,
    #[api(status = 500)]
    Other(std::marker::PhantomData<T>),
}

fn main() {}
