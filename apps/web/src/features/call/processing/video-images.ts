// The pictures a person can put behind themself. They are files of Hearth's own build (drawn by
// tools/scripts/draw-backgrounds.mjs, content-hashed under /assets, cached for good), fetched the
// first time one is chosen; works on the page and in the frame worker alike.
import gradientUrl from './backgrounds/gradient.webp?url&no-inline';
import plantsUrl from './backgrounds/plants.webp?url&no-inline';
import roomUrl from './backgrounds/room.webp?url&no-inline';
import type { BackgroundImage } from './video-effect';

export const backgroundImageUrls: Record<BackgroundImage, string> = {
  room: roomUrl,
  plants: plantsUrl,
  gradient: gradientUrl,
};

const files = new Map<BackgroundImage, Promise<Blob>>();

/** The picture, decoded (a new bitmap each time: the caller may transfer or close it). */
export async function loadBackgroundImage(image: BackgroundImage): Promise<ImageBitmap> {
  let file = files.get(image);
  if (!file) {
    file = fetch(backgroundImageUrls[image]).then((response) => {
      if (!response.ok) throw new Error(`the background picture did not load (${response.status})`);
      return response.blob();
    });
    files.set(image, file);
    file.catch(() => files.delete(image));
  }
  return createImageBitmap(await file);
}
