// RETURN_IF_ERROR and ASSIGN_OR_RETURN: the project's one pair of status-propagation
// macros (Abseil 20220623 ships none).
#ifndef INTERCO_SERVICES_COMMON_STATUS_MACROS_H_
#define INTERCO_SERVICES_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) once; returns it from the enclosing function if not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    const ::absl::Status interco_status_ = (expr);     \
    if (!interco_status_.ok()) return interco_status_; \
  } while (false)

#define INTERCO_CONCAT_INNER_(a, b) a##b
#define INTERCO_CONCAT_(a, b) INTERCO_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>) once; on error returns its status, otherwise
// moves the value into `lhs`, which may be a declaration (`auto x`) or an lvalue.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  INTERCO_ASSIGN_OR_RETURN_IMPL_(INTERCO_CONCAT_(interco_statusor_, __LINE__), lhs, rexpr)

#define INTERCO_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = *std::move(statusor)

#endif  // INTERCO_SERVICES_COMMON_STATUS_MACROS_H_
