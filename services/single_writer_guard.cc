#include "services/single_writer_guard.h"

#include "absl/strings/str_cat.h"

namespace interco {
namespace {

constexpr absl::string_view kWhatToDo =
    "embedded mode allows one writer; scale to 1 replica or use replicated mode";

}  // namespace

absl::Status CheckSingleWriter(absl::string_view single_writer_pod, absl::string_view pod_name) {
  if (single_writer_pod.empty() || pod_name == single_writer_pod) return absl::OkStatus();
  if (pod_name.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to start: --single_writer_pod=", single_writer_pod,
        " is set but this pod's name is unknown (--pod_name and the POD_NAME environment "
        "variable are both empty; the manifests set POD_NAME from the downward API's "
        "metadata.name); ",
        kWhatToDo));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to start: this pod is ", pod_name, " but --single_writer_pod=", single_writer_pod,
      " is the only pod that may write the ledger; this pod would serve a "
      "second, separate ledger from its own volume; ",
      kWhatToDo));
}

}  // namespace interco
