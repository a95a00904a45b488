// Process exit codes, one list for every subcommand (istioctl's for lint, curl's for curl-sim).
#pragma once

namespace igw::tools {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,           // a failed check (routes --test) or an internal error
  kExitUsage = 64,            // bad flags or arguments (EX_USAGE)
  kExitDataError = 65,        // input that cannot be read or parsed (EX_DATAERR)
  kExitAnalyzerFindings = 79  // findings at or above --failure-threshold (istioctl)
};

}  // namespace igw::tools
