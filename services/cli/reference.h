// Reference data read back for people: policies, FX rates, account maps, closed periods
// (the group itself: structure_command.h). Each command reads every page (within a limit), prints a
// table or CSV, and returns the process exit code (call.h).
#ifndef INTERCO_SERVICES_CLI_REFERENCE_H_
#define INTERCO_SERVICES_CLI_REFERENCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "services/cli/call.h"

namespace interco::cli {

int ShowPolicies(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                 Console& console);
int ShowFxRates(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                Console& console);
int ShowAccountMaps(const std::shared_ptr<grpc::Channel>& channel, const std::string& format,
                    Console& console);
// `entity` empty: every entity's.
int ShowClosedPeriods(const std::shared_ptr<grpc::Channel>& channel, const std::string& entity,
                      const std::string& format, Console& console);

}  // namespace interco::cli

#endif  // INTERCO_SERVICES_CLI_REFERENCE_H_
