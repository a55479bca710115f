package worker

// OnePixelPNG is onePixelPNG for the external tests.
var OnePixelPNG = onePixelPNG
