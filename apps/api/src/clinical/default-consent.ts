/**
 * The consent text every new practice starts with (version 1). A practice's coordinators publish
 * their own versions; each new version must be accepted again.
 */
export const defaultConsentText = `Consent to remote Interpersonal Psychotherapy (IPT)

What you agree to
- You will take part in a course of Interpersonal Psychotherapy delivered over video, with one or more other people if your course is for a couple, a family or a group.
- Before some sessions you will be asked to fill in short questionnaires about your mood and anxiety (PHQ-9, GAD-7 and a 0–10 mood rating). Your therapist uses them to follow how you are doing.
- Before your first session you will list the important people in your life (the interpersonal inventory). Use a first name, an initial or a role such as "Mum" — not full names.

Privacy
- Your questionnaires, inventory, goals and progress are seen only by you and the therapists of your course. Other members of a couple, family or group never see them.
- Your therapists keep private notes. They are encrypted, and every time anyone reads or writes your records this is logged.
- Sessions are never recorded.

Safety
- If your answers suggest you may be at risk of harming yourself, your therapist is told privately so they can contact you. This service is not for emergencies: if you are in immediate danger, call your local emergency number.

You may withdraw your consent and leave the course at any time by telling your therapist or the practice.`;
