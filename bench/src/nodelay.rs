//! `liboig_bench_nodelay.so`: a diagnostic `LD_PRELOAD` shim. It wraps `accept4` so that every
//! accepted TCP connection gets `TCP_NODELAY`. tf-provider 0.2.2 serves gRPC on sockets it
//! accepts itself, without `TCP_NODELAY`; the bench runs the provider under this shim once per
//! repetition to show what Nagle's algorithm costs there. It is never part of the provider.

use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

type Accept4 =
    unsafe extern "C" fn(c_int, *mut libc::sockaddr, *mut libc::socklen_t, c_int) -> c_int;

static REAL: OnceLock<usize> = OnceLock::new();

/// # Safety
///
/// Same contract as libc's `accept4`, which it calls.
#[no_mangle]
pub unsafe extern "C" fn accept4(
    fd: c_int,
    addr: *mut libc::sockaddr,
    len: *mut libc::socklen_t,
    flags: c_int,
) -> c_int {
    // SAFETY: dlsym with a NUL-terminated name; RTLD_NEXT finds libc's accept4.
    let real =
        *REAL.get_or_init(|| unsafe { libc::dlsym(libc::RTLD_NEXT, c"accept4".as_ptr()) } as usize);
    if real == 0 {
        return -1;
    }
    // SAFETY: `real` is libc's accept4, whose signature is `Accept4`.
    let f: Accept4 = unsafe { std::mem::transmute::<usize, Accept4>(real) };
    // SAFETY: arguments passed through unchanged from our caller.
    let s = unsafe { f(fd, addr, len, flags) };
    if s >= 0 {
        let one: c_int = 1;
        // SAFETY: `s` is a valid descriptor; the option value is a live c_int. Failure (not TCP)
        // is harmless and ignored.
        unsafe {
            libc::setsockopt(
                s,
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&one as *const c_int).cast::<c_void>(),
                std::mem::size_of::<c_int>() as libc::socklen_t,
            )
        };
    }
    s
}
