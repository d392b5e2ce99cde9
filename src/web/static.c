// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /static/...: the files of the configured assets directory (the DSFR
 * distribution and hdcat's own CSS), nothing else. The request path is
 * already decoded and free of "." and ".." segments, control characters
 * and backslashes (request.c); here every segment must also be a plain
 * name (no leading dot: no hidden files), and the file, symbolic links
 * resolved, must still lie inside the directory. Only regular files of a
 * known type are served, with a long cache lifetime: assets change only
 * when hdcat is upgraded.
 */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "pages.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATIC_MAX_BYTES (8u << 20) /* the largest DSFR file is far below */

static const char *const types[][2] = {
  { ".css", "text/css; charset=utf-8" },
  { ".js", "text/javascript; charset=utf-8" },
  { ".mjs", "text/javascript; charset=utf-8" },
  { ".svg", "image/svg+xml" },
  { ".woff2", "font/woff2" },
  { ".woff", "font/woff" },
  { ".png", "image/png" },
  { ".ico", "image/x-icon" },
  { ".webmanifest", "application/manifest+json" },
  { ".txt", "text/plain; charset=utf-8" },
};

const char *
hdc_web_static_type(const char *name)
{
  const char *dot = strrchr(name, '.');
  if (!dot || strchr(dot, '/'))
    return NULL;
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(dot, types[i][0]))
      return types[i][1];
  return NULL;
}

/* A relative path of plain names: no empty segment, none beginning with
 * a dot. */
static bool
rel_ok(const char *rel)
{
  if (!*rel)
    return false;
  for (const char *seg = rel; seg; seg = strchr(seg, '/')) {
    if (*seg == '/')
      seg++;
    if (!*seg || *seg == '/' || *seg == '.')
      return false;
  }
  for (const unsigned char *c = (const unsigned char *)rel; *c; c++)
    if (*c < 0x20 || *c == 0x7f || *c == '\\' || *c == ':')
      return false;
  return true;
}

hdc_status
hdc_web_static(hdc_web_req *req, hdc_web_resp *resp)
{
  const hdc_web_config *cfg =
    req->ctx && req->ctx->app ? hdc_web_app_config(req->ctx->app) : NULL;
  const char       *lang     = hdc_page_lang(req);
  const char       *nf       = hdc_web_msg(lang, "error.not_found_page");
  static const char prefix[] = "/static/";
  if (!cfg || !cfg->assets_dir || !req->path ||
      strncmp(req->path, prefix, sizeof prefix - 1))
    return hdc_web_resp_html_error(req, resp, 404, nf);
  const char *rel  = req->path + sizeof prefix - 1;
  const char *type = hdc_web_static_type(rel);
  if (!rel_ok(rel) || !type)
    return hdc_web_resp_html_error(req, resp, 404, nf);

  hdc_status st   = HDC_OK;
  char      *root = NULL, *real = NULL;
  FILE      *f = NULL;
  char       path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", cfg->assets_dir, rel) >=
      sizeof path) {
    st = hdc_web_resp_html_error(req, resp, 404, nf);
    goto done;
  }
  root           = realpath(cfg->assets_dir, NULL);
  real           = realpath(path, NULL);
  size_t      rl = root ? strlen(root) : 0;
  struct stat sb;
  if (!root || !real || strncmp(real, root, rl) || real[rl] != '/' ||
      stat(real, &sb) || !S_ISREG(sb.st_mode) ||
      (uint64_t)sb.st_size > STATIC_MAX_BYTES) {
    st = hdc_web_resp_html_error(req, resp, 404, nf);
    goto done;
  }
  if (!(f = fopen(real, "rb"))) {
    st = hdc_web_resp_html_error(req, resp, errno == EACCES ? 403 : 404, nf);
    goto done;
  }
  hdc_buf_reset(&resp->body);
  if ((st = hdc_buf_reserve(&resp->body, (size_t)sb.st_size + 1)))
    goto done;
  size_t got = fread(resp->body.ptr, 1, (size_t)sb.st_size, f);
  if (got != (size_t)sb.st_size) {
    st = HDC_ERR_IO;
    goto done;
  }
  resp->body.len      = got;
  resp->body.ptr[got] = '\0';
  resp->content_type  = type;
  if ((st = hdc_web_resp_header(
         req, resp, "Cache-Control", "public, max-age=604800")) ||
      (st =
         hdc_web_resp_header(req, resp, "X-Content-Type-Options", "nosniff")))
    goto done;
done:
  if (f)
    fclose(f);
  free(root);
  free(real);
  return st;
}
