/* SPDX-License-Identifier: GPL-2.0 */
/* json-c for the tests, with its struct json_object and json_bool renamed so
 * that it can sit next to user/json.h, which uses both names. */
#ifndef BINDGUARD_TEST_JSONC_H
#define BINDGUARD_TEST_JSONC_H

#define json_object jc_object
#define json_bool   jc_bool
#include <json-c/json_object.h>
#include <json-c/json_tokener.h>
#undef json_object
#undef json_bool

#endif
