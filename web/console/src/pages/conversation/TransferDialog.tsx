import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../app/auth';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { transferTarget } from './actions';
import { TransferAgentsDocument, TransferTargetsDocument } from './operations';

interface Option { id: string; name: string }

/**
 * Transfer to a team, an agent, or both, with a note for whoever takes it. A native modal
 * `<dialog>`: focus stays inside, Escape closes it, and focus goes back to the opener.
 */
export function TransferDialog({ canPickAgent, currentTeamId, onTransfer, onClose }: {
  canPickAgent: boolean;
  currentTeamId: string | null;
  onTransfer: (target: { toTeamId?: string; toAgentId?: string }, note: string) => Promise<void>;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Closed natively (Escape included) before it is unmounted: removing an open modal dialog
  // lets the browser move focus back later, after whatever focus the page set meanwhile.
  const close = () => dialog.current?.close();
  const teams = useSignal<Option[]>([]);
  const agents = useSignal<Option[]>([]);
  const teamId = useSignal('');
  const agentId = useSignal('');
  const note = useSignal('');
  const missing = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<unknown>(null);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    void api.request(TransferTargetsDocument, {}).then(({ teams: all }) => {
      teams.value = all.filter((team) => team.id !== currentTeamId);
    }).catch((failure: unknown) => (error.value = failure));
    if (canPickAgent) {
      void api.request(TransferAgentsDocument, {}).then(({ users }) => {
        agents.value = users.nodes;
      }).catch((failure: unknown) => (error.value = failure));
    }
    // Back to the opener only if focus was left nowhere: by the time this runs (after the close
    // event) the user may already have moved on, e.g. with a shortcut.
    return () => {
      const now = document.activeElement;
      if (now === null || now === document.body || dialog.current?.contains(now) === true) opener?.focus();
    };
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const target = transferTarget(teamId.value, agentId.value);
    missing.value = target === null;
    if (target === null) return;
    busy.value = true;
    try {
      await onTransfer(target, note.value);
      close();
    } catch (failure) {
      error.value = failure;
    } finally {
      busy.value = false;
    }
  };

  return (
    <dialog ref={dialog} aria-labelledby="transfer-title" onClose={onClose}
      class="w-full max-w-md rounded-lg border border-line bg-panel p-4 text-fg shadow-xl backdrop:bg-black/50">
      <form onSubmit={(e) => void submit(e)} class="space-y-3">
        <h3 id="transfer-title" class="text-lg font-semibold">{t('conversation.transfer.title')}</h3>
        <div class="space-y-1">
          <label for="transfer-team" class="block text-sm font-medium">{t('conversation.transfer.team')}</label>
          <select id="transfer-team" value={teamId.value} onChange={(e) => (teamId.value = e.currentTarget.value)}
            class="w-full rounded-md border border-line bg-surface px-3 py-2 text-sm">
            <option value="">{t('conversation.transfer.noTeam')}</option>
            {teams.value.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
        </div>
        {canPickAgent && (
          <div class="space-y-1">
            <label for="transfer-agent" class="block text-sm font-medium">{t('conversation.transfer.agent')}</label>
            <select id="transfer-agent" value={agentId.value} onChange={(e) => (agentId.value = e.currentTarget.value)}
              class="w-full rounded-md border border-line bg-surface px-3 py-2 text-sm">
              <option value="">{t('conversation.transfer.anyAgent')}</option>
              {agents.value.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
            </select>
          </div>
        )}
        <div class="space-y-1">
          <label for="transfer-note" class="block text-sm font-medium">{t('conversation.transfer.note')}</label>
          <textarea id="transfer-note" rows={3} value={note.value} onInput={(e) => (note.value = e.currentTarget.value)}
            class="w-full rounded-md border border-line bg-surface px-3 py-2 text-sm" />
        </div>
        {missing.value && <p role="alert" class="text-sm text-danger">{t('conversation.transfer.missing')}</p>}
        {error.value !== null && <ErrorMessage error={error.value} />}
        <div class="flex justify-end gap-2">
          <Button onClick={close}>{t('admin.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={busy.value}>{t('conversation.transfer.submit')}</Button>
        </div>
      </form>
    </dialog>
  );
}
