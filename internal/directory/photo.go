package directory

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif" // decode GIF uploads
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decode WebP uploads

	"github.com/kindredhq/kindred/internal/kindred"
)

// Limits on stored photos.
const (
	// maxPhotoSide is the longest side a stored photo keeps: profiles show
	// photos small, and a phone's 12-megapixel picture is wasted space.
	maxPhotoSide = 1024
	// maxPhotoPixels refuses pictures whose decoding would take more memory
	// than any profile photo needs (a small file can claim huge dimensions).
	maxPhotoPixels = 40_000_000
	// photoQuality is the JPEG quality photos are stored at.
	photoQuality = 85
)

// Reencode decodes an uploaded photo (JPEG, PNG, GIF or WebP) and encodes
// its pixels afresh — as JPEG, or as PNG when it has transparency — so that
// nothing else of the file survives: no EXIF (camera, time, GPS position),
// no comments, no embedded profiles, nothing appended. A JPEG is first
// turned upright by its EXIF orientation, which would otherwise be lost with
// the rest; a picture larger than maxPhotoSide is scaled down. It returns
// the content type and the bytes to store, or EINVALID on "photo" for what
// is not such an image.
func Reencode(upload []byte) (string, []byte, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(upload))
	if err != nil {
		return "", nil, photoProblem("is not an image (JPEG, PNG, WebP or GIF)")
	}
	if cfg.Width*cfg.Height > maxPhotoPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return "", nil, photoProblem("is too large in pixels; choose a smaller picture")
	}
	img, _, err := image.Decode(bytes.NewReader(upload))
	if err != nil {
		return "", nil, photoProblem("could not be read; choose another image file")
	}
	opaque := isOpaque(img)
	small := scaleDown(img, maxPhotoSide)
	if format == "jpeg" {
		small = orient(small, exifOrientation(upload))
	}
	var out bytes.Buffer
	if opaque {
		err = jpeg.Encode(&out, small, &jpeg.Options{Quality: photoQuality})
		return "image/jpeg", out.Bytes(), err
	}
	err = png.Encode(&out, small)
	return "image/png", out.Bytes(), err
}

func photoProblem(msg string) error {
	return &kindred.Error{Code: kindred.EINVALID, Message: "The photo " + msg + ".", Fields: map[string]string{"photo": msg}}
}

// isOpaque reports whether img has no transparent pixel.
func isOpaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// scaleDown returns img with its longest side at most side pixels, always
// as a fresh RGBA image.
func scaleDown(img image.Image, side int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if longest := max(w, h); longest > side {
		w, h = max(1, w*side/longest), max(1, h*side/longest)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// orient turns img upright for an EXIF orientation (1–8; anything else is
// left alone): 2–4 mirror or turn half round, 5–8 swap the sides.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			dx, dy := orientedPoint(o, x, y, w, h)
			dst.SetRGBA(dx, dy, img.RGBAAt(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

// orientedPoint is where pixel (x, y) of a w×h picture stored with EXIF
// orientation o goes in the upright picture.
func orientedPoint(o, x, y, w, h int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// exifOrientation returns the orientation tag of a JPEG's EXIF segment, or
// 1 (upright) when it has none or cannot be read.
func exifOrientation(jpg []byte) int {
	for i := 2; i+4 <= len(jpg) && jpg[i] == 0xFF; {
		marker, size := jpg[i+1], int(binary.BigEndian.Uint16(jpg[i+2:]))
		if marker == 0xDA || size < 2 || i+2+size > len(jpg) { // start of scan: no more headers
			break
		}
		if seg := jpg[i+4 : i+2+size]; marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first IFD of a TIFF block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var order binary.ByteOrder = binary.BigEndian
	if string(t[:2]) == "II" {
		order = binary.LittleEndian
	}
	ifd := int(order.Uint32(t[4:]))
	if ifd+2 > len(t) || ifd < 8 {
		return 1
	}
	n := int(order.Uint16(t[ifd:]))
	for e := ifd + 2; e+12 <= len(t) && n > 0; e, n = e+12, n-1 {
		if order.Uint16(t[e:]) == 0x0112 {
			return int(order.Uint16(t[e+8:]))
		}
	}
	return 1
}
