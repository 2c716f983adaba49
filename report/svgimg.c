/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * svgimg.c -- librsvg: one SVG file rendered into a cairo rectangle.
 */
#include "report/svgimg.h"

#include "common/err.h"

#include <librsvg/rsvg.h>
#include <stdio.h>

int
th_svgimg_draw(cairo_t *cr, const char *path, double x, double y, double w,
               double *h, char *err, size_t errlen)
{
	GError *e = NULL;
	RsvgHandle *svg = rsvg_handle_new_from_file(path, &e);
	RsvgRectangle vp, vb;
	gboolean has_vb = FALSE;
	gdouble iw = 0, ih = 0;
	int rc = 0;

	if (svg == NULL) {
		snprintf(err, errlen, "%s: %s", path,
		         e != NULL ? e->message : "unreadable SVG");
		g_clear_error(&e);
		return TH_EIO;
	}
	/* gnuplot's "dynamic" SVG has a viewBox but no pixel size; its
	 * aspect comes from the viewBox, else the caller's box. */
	rsvg_handle_get_intrinsic_dimensions(svg, NULL, NULL, NULL, NULL,
	                                     &has_vb, &vb);
	if (has_vb && vb.width > 0 && vb.height > 0)
		iw = vb.width, ih = vb.height;
	else if (!rsvg_handle_get_intrinsic_size_in_pixels(svg, &iw, &ih) ||
	         iw <= 0 || ih <= 0)
		iw = w, ih = *h > 0 ? *h : w * 400.0 / 720.0;
	vp.x = x;
	vp.y = y;
	vp.width = w;
	vp.height = w * ih / iw;
	if (!rsvg_handle_render_document(svg, cr, &vp, &e)) {
		snprintf(err, errlen, "%s: %s", path,
		         e != NULL ? e->message : "cannot render");
		g_clear_error(&e);
		rc = TH_EIO;
	}
	*h = vp.height;
	g_object_unref(svg);
	return rc;
}
