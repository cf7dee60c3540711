/* qr.h — QR codes as inline SVG (libqrencode), for printed slips. */
#ifndef MB_QR_H
#define MB_QR_H

#include "base/buf.h"

/* Appends an <svg> of the QR code of text (error correction M) sized
 * `px` pixels; 0 or -1 when the text cannot be encoded. */
int qr_svg(buf *b, const char *text, int px);

#endif
