// A sound and, when the visitor allowed it, a browser notification for an agent's message that
// arrives while the window is closed or the tab is in the background.

import type { Messages } from './i18n';

export class Alerts {
  private audio: AudioContext | null = null;
  private asked = false;

  constructor(private readonly t: Messages) {}

  /** Called from a click or key press: browsers only allow the permission prompt and audio then. */
  askPermission(): void {
    if (this.audio === null && typeof AudioContext !== 'undefined') {
      try {
        this.audio = new AudioContext();
      } catch {
        this.audio = null;
      }
    }
    if (this.asked || typeof Notification === 'undefined' || Notification.permission !== 'default') return;
    this.asked = true;
    void Notification.requestPermission().catch(() => undefined);
  }

  newMessage(preview: string): void {
    this.beep();
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
    try {
      new Notification(this.t.newMessageNotification, { body: preview.slice(0, 120) });
    } catch {
      // Some mobile browsers only allow notifications from a service worker.
    }
  }

  private beep(): void {
    const audio = this.audio;
    if (audio === null) return;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.25);
  }
}
