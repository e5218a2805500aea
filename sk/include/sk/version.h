/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SK_VERSION_H
#define SK_VERSION_H

#define SK_VERSION_MAJOR 0u
#define SK_VERSION_MINOR 1u
#define SK_VERSION_PATCH 0u
#define SK_VERSION_STRING "0.1.0"

#endif /* SK_VERSION_H */
