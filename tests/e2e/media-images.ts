// A real photo for the media e2e spec, made by sharp: a JPEG carrying a camera and a GPS position in its EXIF, which
// the upload must strip. (The media app's unit tests have their own images; an e2e spec reaches the framework only
// through manifold/<export>.)
import sharp from 'sharp';

export async function jpegWithGps(width = 1200, height = 800): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withExifMerge({
      IFD0: { Make: 'TestCam', Model: 'Leak 1', Copyright: 'Secret Owner' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 5999/100', GPSLongitudeRef: 'E', GPSLongitude: '126/1 58/1 4100/100', GPSMapDatum: 'WGS-84' },
    })
    .toBuffer();
}
