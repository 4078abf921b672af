import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

@main
enum Entrypoint {
    static func main() async {
        // Swift concurrency runs on NIO's event loops, so handlers and provider calls do not hop to
        // the global pool. `UNIFIED_CRM_NIO_EXECUTOR=0` turns it off (for comparison).
        if ProcessInfo.processInfo.environment["UNIFIED_CRM_NIO_EXECUTOR"] != "0" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await UnifiedCRMCommand.main()
    }
}
