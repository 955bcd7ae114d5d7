import CGSL

/// One-time GSL set-up: GSL's default error handler aborts the process, which would turn a
/// bad parameter into a crash. It is switched off before any GSL call; callers check
/// return values and NaN instead and raise Swift errors with a message.
enum GSLRuntime {
    static let ready: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    @inline(__always) static func ensureReady() { _ = ready }
}
