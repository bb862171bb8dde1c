import { Controller } from '@nestjs/common';
import { type ParsedRouteInput, clinicalRoutes } from '@hearth/contracts';
import { ContractRoute, Input } from '../http/contract-route';
import { CurrentPrincipal } from '../identity/current-principal';
import type { Principal } from '../identity/token-service';
import { ClientRecordsService } from './client-records.service';
import { TherapistNotesService } from './therapist-notes.service';

type In<K extends keyof typeof clinicalRoutes> = ParsedRouteInput<(typeof clinicalRoutes)[K]>;

@Controller()
export class ClientRecordsController {
  constructor(
    private readonly records: ClientRecordsService,
    private readonly notes: TherapistNotesService,
  ) {}

  @ContractRoute(clinicalRoutes.getInventory)
  inventory(@CurrentPrincipal() principal: Principal, @Input() { params }: In<'getInventory'>) {
    return this.records.inventory(principal, params.courseId, params.personId);
  }

  @ContractRoute(clinicalRoutes.putInventory)
  saveInventory(@CurrentPrincipal() principal: Principal, @Input() input: In<'putInventory'>) {
    const { courseId, personId } = input.params;
    return this.records.saveInventory(principal, courseId, personId, input.body);
  }

  @ContractRoute(clinicalRoutes.reviewInventory)
  review(@CurrentPrincipal() principal: Principal, @Input() { params }: In<'reviewInventory'>) {
    return this.records.reviewInventory(principal, params.courseId, params.personId);
  }

  @ContractRoute(clinicalRoutes.getFocus)
  focus(@CurrentPrincipal() principal: Principal, @Input() { params }: In<'getFocus'>) {
    return this.records.focus(principal, params.courseId, params.personId);
  }

  @ContractRoute(clinicalRoutes.putFocus)
  saveFocus(@CurrentPrincipal() principal: Principal, @Input() input: In<'putFocus'>) {
    const { courseId, personId } = input.params;
    return this.records.saveFocus(principal, courseId, personId, input.body);
  }

  @ContractRoute(clinicalRoutes.listProgress)
  async progress(
    @CurrentPrincipal() principal: Principal,
    @Input() { params }: In<'listProgress'>,
  ) {
    return { notes: await this.records.progress(principal, params.courseId, params.personId) };
  }

  @ContractRoute(clinicalRoutes.putProgress)
  saveProgress(@CurrentPrincipal() principal: Principal, @Input() input: In<'putProgress'>) {
    const { sessionId, personId } = input.params;
    return this.records.saveProgress(principal, sessionId, personId, input.body.text);
  }

  @ContractRoute(clinicalRoutes.listNotes)
  async listNotes(@CurrentPrincipal() principal: Principal, @Input() { params }: In<'listNotes'>) {
    return { notes: await this.notes.list(principal, params.courseId, params.personId) };
  }

  @ContractRoute(clinicalRoutes.putNote)
  saveNote(@CurrentPrincipal() principal: Principal, @Input() input: In<'putNote'>) {
    const { sessionId, personId } = input.params;
    return this.notes.save(principal, sessionId, personId, input.body.text);
  }
}
